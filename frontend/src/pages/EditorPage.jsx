// /journeys/:id — palette | canvas | side panel (step settings, problems, simulate, live, versions).
import { Suspense, lazy, useCallback, useEffect, useState } from "react";
import { useNavigate, useParams, useSearchParams } from "react-router";
import { ReactFlowProvider } from "@xyflow/react";
import { getCatalog } from "../api/catalog.js";
import { disableJourney, enableJourney, getJourney, publishJourney, saveJourney } from "../api/journeys.js";
import { editorStore, useEditor } from "../store/editorStore.js";
import { CatalogContext, EMPTY_CATALOG } from "../inspector/catalogContext.js";
import { useCanChangeJourneys } from "../session-context.js";
import Canvas from "../canvas/Canvas.jsx";
import Palette from "../palette/Palette.jsx";
import Inspector from "../inspector/Inspector.jsx";
import Toolbar from "../editor/Toolbar.jsx";
import ProblemsPanel from "../editor/ProblemsPanel.jsx";
import SimulatePanel from "../editor/SimulatePanel.jsx";
import LivePanel from "../editor/LivePanel.jsx";
import PathPanel from "../editor/PathPanel.jsx";
import VersionsPanel from "../editor/VersionsPanel.jsx";
import UnsavedEditorGuard from "../editor/UnsavedEditorGuard.jsx";
import PublishMoveDialog from "../editor/PublishMoveDialog.jsx";
import VersionDiffNote from "../editor/VersionDiffNote.jsx";
import { pickStore } from "../editor/pickStore.js";
import { useValidation } from "../editor/useValidation.js";
import { pathBannerWords, useEnrollmentPath } from "../editor/useEnrollmentPath.js";
import { useVersionView } from "../editor/useVersionView.js";
import { useLatestVersion } from "../editor/useLatestVersion.js";
import { unchangedSince } from "../editor/publishable.js";
import { nameProblem } from "./journeyForm.js";

// The Report tab brings the charting library: load it when the tab is first opened, so the
// designer itself stays quick to load.
const ReportPanel = lazy(() => import("../reports/ReportPanel.jsx"));

function Tabs({ tab, setTab, tabs }) {
  return (
    // with the Path tab of "Show on canvas" there are seven: they stay on one line, a little tighter
    <div role="tablist" aria-label="Side panel" className={tabs.length > 6 ? "tabs crowded" : "tabs"}>
      {tabs.map(([id, label]) => (
        <button key={id} type="button" role="tab" aria-selected={tab === id} className={tab === id ? "tab active" : "tab"} onClick={() => setTab(id)}>
          {label}
        </button>
      ))}
    </div>
  );
}

// Said once, in the toolbar where the save state would be, to whoever may not change journeys
// (CSMs and support): their canvas has no editing controls at all.
export const READ_ONLY_NOTE = "Read-only: you can look, not change";

// A save refused because the draft changed since it was opened (409): by another person, or by
// the same one in another tab; Publish says so too when the save behind it is refused.
export const CONFLICT_TEXT = "This journey was saved elsewhere (another tab or person) after you opened it.";

function Editor({ id }) {
  const mayEdit = useCanChangeJourneys();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [loadError, setLoadError] = useState(null);
  const [loaded, setLoaded] = useState(false);
  const [catalog, setCatalog] = useState(EMPTY_CATALOG);
  const [notice, setNotice] = useState(null); // {kind: "error"|"info"|"conflict", text, field?}
  const [saving, setSaving] = useState(false);
  // ?tab=report or ?tab=live opens that tab (the journeys list links failed counts to Live)
  // "Show on canvas" (?account=&enrollment=) opens the Path tab: what the account did at each step
  const [tab, setTab] = useState(() => (["report", "live"].includes(params.get("tab")) ? params.get("tab")
    : params.get("account") && params.get("enrollment") ? "path" : "step"));
  const [moving, setMoving] = useState(false); // the publish-and-move dialog is open
  const meta = useEditor((s) => s.meta);
  const problemCount = useEditor((s) => s.problems.length);
  const named = useEditor((s) => !nameProblem(s.meta?.name));
  const validation = useValidation(loaded);
  const path = useEnrollmentPath(id, params.get("account"), params.get("enrollment"), loaded);
  const versionView = useVersionView(id, params.get("version"), loaded);
  const viewing = path.info?.viewingVersion ?? versionView.version ?? null;
  const canEdit = mayEdit && viewing === null;
  const latest = useLatestVersion(id, meta?.published_version, loaded && canEdit);
  const sameAsVersion = useEditor((s) => unchangedSince({ dirty: s.dirty, savedGraph: s.savedGraph, latest }));

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      editorStore.getState().load(await getJourney(id));
      setLoaded(true);
      setNotice(null);
    } catch (e) {
      setLoadError(e.message);
    }
  }, [id]);

  useEffect(() => {
    setLoaded(false);
    load();
    getCatalog().then(setCatalog).catch((e) => setNotice({ kind: "error", text: `Could not load the pickers' lists: ${e.message}` }));
  }, [load]);

  const save = useCallback(async () => {
    const s = editorStore.getState();
    if (!s.meta || saving || !canEdit) return false;
    const blank = nameProblem(s.meta.name);
    if (blank) { // the server would refuse it as "Some fields are not valid: name"
      s.select([]); // the journey settings, where the name field is marked
      setNotice({ kind: "error", text: `Not saved: ${blank}`, field: "name" });
      return false;
    }
    setSaving(true);
    try {
      const graph = s.toGraph();
      const res = await saveJourney(id, { graph, draft_version: s.meta.draft_version, name: s.meta.name, description: s.meta.description });
      editorStore.getState().markSaved({ draft_version: res?.draft_version ?? s.meta.draft_version + 1 }, res?.graph ?? graph);
      setNotice(null);
      return true;
    } catch (e) {
      if (e.status === 409) setNotice({ kind: "conflict", text: CONFLICT_TEXT });
      else setNotice({ kind: "error", text: `Not saved: ${e.message}` });
      return false;
    } finally {
      setSaving(false);
    }
  }, [id, saving, canEdit]);

  // "Give the journey a name" goes once it has one again.
  useEffect(() => {
    if (named) setNotice((n) => (n?.field === "name" ? null : n));
  }, [named]);

  useEffect(() => {
    const onKey = (e) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") { e.preventDefault(); save(); }
    };
    const beforeUnload = (e) => { if (editorStore.getState().dirty) e.preventDefault(); };
    document.addEventListener("keydown", onKey);
    window.addEventListener("beforeunload", beforeUnload);
    return () => { document.removeEventListener("keydown", onKey); window.removeEventListener("beforeunload", beforeUnload); };
  }, [save]);

  // When the save behind Publish (or Move…) is refused as a conflict, say that this is why nothing
  // was published: the banner alone would look unchanged, as if the click did nothing.
  const saveFirst = async (what) => {
    if (!editorStore.getState().dirty || (await save())) return true;
    setNotice((n) => (n?.kind === "conflict" ? { ...n, text: `Not ${what}: ${CONFLICT_TEXT} Reload their version, or copy your changes first.` } : n));
    return false;
  };

  async function publish(body) {
    if (!(await saveFirst("published"))) return;
    try {
      const done = await publishJourney(id, body);
      const fresh = await getJourney(id);
      editorStore.getState().markSaved({ status: fresh.status, enabled: fresh.enabled, published_version: fresh.published_version, draft_version: fresh.draft_version });
      const moved = done?.migration?.mode === "move" ? ` Moved ${done.migration.moved} active account${done.migration.moved === 1 ? "" : "s"} onto it.` : "";
      setNotice({ kind: "info", text: `Published version ${fresh.published_version}.${moved}` });
      setMoving(false);
    } catch (e) {
      if (e.status === 422 && Array.isArray(e.details) && e.code !== "unmapped_nodes") editorStore.getState().setProblems(e.details);
      if (body?.migrate?.mode === "move") throw e; // the dialog shows why and stays open
      setNotice({ kind: "error", text: `Not published: ${e.message}` });
    }
  }

  async function openMove() {
    if (!(await saveFirst("published"))) return;
    setMoving(true);
  }

  async function toggle(on) {
    try {
      await (on ? enableJourney(id) : disableJourney(id));
      const fresh = await getJourney(id);
      editorStore.getState().markSaved({ status: fresh.status, enabled: fresh.enabled, enabled_at: fresh.enabled_at });
      setNotice({ kind: "info", text: on ? "The journey is live: accounts are being enrolled." : "The journey is disabled." });
    } catch (e) {
      setNotice({ kind: "error", text: e.message });
    }
  }

  if (loadError) return <main className="page"><p className="banner error" role="alert">Could not open the journey: {loadError}</p></main>;
  if (!loaded || !meta) return <main className="page"><p className="muted">Loading the journey…</p></main>;

  const tabs = [["step", "Step"], ["problems", `Problems (${problemCount})`], ["simulate", "Simulate"]];
  if (params.get("account") && params.get("enrollment") && !path.error) tabs.unshift(["path", "Path"]);
  if (meta.enabled || meta.published_version) tabs.push(["live", "Live"]);
  tabs.push(["versions", "Versions"]);
  if (meta.published_version) tabs.push(["report", "Report"]);
  return (
    <CatalogContext.Provider value={catalog}>
      <main className="editor">
        {canEdit && <UnsavedEditorGuard onSave={save} />}
        <Toolbar onSave={save} onPublish={publish} onToggle={toggle} saving={saving} validation={validation} readOnly={!canEdit}
          readOnlyNote={mayEdit ? null : READ_ONLY_NOTE} sameAsVersion={sameAsVersion} onMove={openMove} />
        {notice && (
          <div className={`banner ${notice.kind === "info" ? "info" : "error"}`} role="alert">
            {notice.text}{" "}
            {notice.kind === "conflict" && <button type="button" className="small" onClick={load}>Reload their version (lose my changes)</button>}
            <button type="button" className="small" onClick={() => setNotice(null)}>Dismiss</button>
          </div>
        )}
        {(path.info || path.error) && (
          <div className={`banner ${path.error ? "error" : "info"}`}>
            {path.error || pathBannerWords(path.info)}
            {viewing !== null && <> This is published version {viewing}, read-only. <button type="button" className="small" onClick={() => navigate(`/journeys/${id}`)}>Open the draft</button></>}
          </div>
        )}
        {(versionView.version !== null || versionView.error) && (
          <div className={`banner ${versionView.error ? "error" : "info"}`}>
            {versionView.error || <>Viewing published version {versionView.version}, read-only. <VersionDiffNote diff={versionView.diff} /> </>}
            <button type="button" className="small" onClick={() => navigate(`/journeys/${id}`)}>Open the draft</button>
          </div>
        )}
        <div className={`${canEdit ? "editor-body" : "editor-body read-only"}${tab === "report" ? " wide-panel" : ""}`}>
          {canEdit && <Palette />}
          <Canvas readOnly={!canEdit} onNodeOpen={() => setTab("step")}
            onNodeClick={(nodeId) => { if (!pickStore.getState().pick(nodeId)) setTab((t) => (t === "problems" ? "step" : t)); }} />
          <div className="side-panel">
            <Tabs tab={tab} setTab={setTab} tabs={tabs} />
            <div role="tabpanel" className="tab-panel">
              {tab === "path" && <PathPanel journeyId={id} info={path.info} />}
              {tab === "step" && <Inspector readOnly={!canEdit} />}
              {tab === "problems" && <ProblemsPanel validation={validation} onShow={() => setTab("step")} />}
              {tab === "simulate" && <SimulatePanel journeyId={id} version={viewing} />}
              {tab === "live" && <LivePanel journeyId={id} />}
              {tab === "report" && (
                <Suspense fallback={<p className="muted">Loading the report…</p>}><ReportPanel journeyId={id} /></Suspense>
              )}
              {tab === "versions" && <VersionsPanel journeyId={id} readOnly={!canEdit} onView={(v) => navigate(`/journeys/${id}?version=${v}`)} />}
            </div>
          </div>
          {moving && canEdit && (
            <PublishMoveDialog journeyId={id} nextVersion={(meta.published_version || 0) + 1}
              onPublish={publish} onClose={() => setMoving(false)} />
          )}
        </div>
      </main>
    </CatalogContext.Provider>
  );
}

export default function EditorPage() {
  const { id } = useParams();
  const [params] = useSearchParams();
  // A new journey or a new enrollment to show starts a fresh editor.
  return (
    <ReactFlowProvider>
      <Editor id={id} key={`${id}:${params.get("enrollment") || ""}:${params.get("version") || ""}`} />
    </ReactFlowProvider>
  );
}
