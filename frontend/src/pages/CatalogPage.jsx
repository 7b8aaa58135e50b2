// /catalog/* — what journeys and rules refer to, for admins: segments, email templates, playbooks,
// custom attributes, milestones, outcomes and (admins only) staff users. Others may look, not change.
import { useCallback, useEffect, useState } from "react";
import { NavLink, Navigate, Route, Routes } from "react-router";
import { getCatalog } from "../api/catalog.js";
import { CatalogContext, EMPTY_CATALOG } from "../inspector/catalogContext.js";
import { CatalogReloadContext } from "../catalog/catalogReload.js";
import { useCurrentUser } from "../session-context.js";
import { SegmentEditor, SegmentList } from "./SegmentsPage.jsx";
import { TemplateEditor, TemplateList } from "./TemplatesPage.jsx";
import SimpleCatalogPage, { KINDS } from "./SimpleCatalogPage.jsx";

const SECTIONS = [
  { to: "segments", label: "Segments" },
  { to: "templates", label: "Email templates" },
  { to: "playbooks", label: "Playbooks" },
  { to: "attributes", label: "Custom attributes" },
  { to: "milestones", label: "Milestones" },
  { to: "outcomes", label: "Outcomes" },
  { to: "users", label: "Staff users", adminOnly: true },
];

export default function CatalogPage() {
  const user = useCurrentUser();
  const isAdmin = user?.role === "admin";
  const [catalog, setCatalog] = useState(EMPTY_CATALOG);
  const [error, setError] = useState(null);
  const reload = useCallback(() => getCatalog().then((c) => { setCatalog(c); setError(null); })
    .catch((e) => setError(e.message)), []);
  useEffect(() => { reload(); }, [reload]);

  return (
    <CatalogContext.Provider value={catalog}>
      <CatalogReloadContext.Provider value={reload}>
        <main className="page catalog-page">
          <nav aria-label="Catalog" className="subnav">
            {SECTIONS.filter((s) => isAdmin || !s.adminOnly).map((s) => (
              <NavLink key={s.to} to={`/catalog/${s.to}`} className={({ isActive }) => (isActive ? "subnav-link active" : "subnav-link")}>{s.label}</NavLink>
            ))}
          </nav>
          {error && <p className="banner error" role="alert">Could not load the catalog's names: {error}</p>}
          {!isAdmin && <p className="muted small">Only admins can change the catalog; you can look.</p>}
          <Routes>
            <Route index element={<Navigate to="segments" replace />} />
            <Route path="segments" element={<SegmentList canEdit={isAdmin} />} />
            <Route path="segments/new" element={<SegmentEditor canEdit={isAdmin} />} />
            <Route path="segments/:key" element={<SegmentEditor canEdit={isAdmin} />} />
            <Route path="templates" element={<TemplateList canEdit={isAdmin} />} />
            <Route path="templates/new" element={<TemplateEditor canEdit={isAdmin} />} />
            <Route path="templates/:key" element={<TemplateEditor canEdit={isAdmin} />} />
            {Object.keys(KINDS).filter((k) => k !== "users").map((k) => (
              <Route key={k} path={k} element={<SimpleCatalogPage kind={k} canEdit={isAdmin} />} />
            ))}
            <Route path="users" element={isAdmin ? <SimpleCatalogPage kind="users" canEdit />
              : <p className="banner error" role="alert">Only admins can see and change staff users.</p>} />
            <Route path="*" element={<p className="banner error" role="alert">There is no such catalog page.</p>} />
          </Routes>
        </main>
      </CatalogReloadContext.Provider>
    </CatalogContext.Provider>
  );
}
