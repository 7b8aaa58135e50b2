// Root: session gate (login page on any 401), header, client-side routes.
import { Suspense, lazy, useCallback, useEffect, useState } from "react";
import { Navigate, Route, Routes } from "react-router";
import { onUnauthorized } from "./api/client.js";
import { getSession, logout } from "./api/session.js";
import Header from "./components/Header.jsx";
import LoginPage from "./pages/LoginPage.jsx";
import JourneysPage from "./pages/JourneysPage.jsx";
import AccountsPage from "./pages/AccountsPage.jsx";
import TasksPage from "./pages/TasksPage.jsx";
import OutboxPage from "./pages/OutboxPage.jsx";
import OutboundPage from "./pages/OutboundPage.jsx";
import SuppressionsPage from "./pages/SuppressionsPage.jsx";
import NotFoundPage from "./pages/NotFoundPage.jsx";
import { SessionContext } from "./session-context.js";

// The designer (React Flow, dagre) loads only when a journey is opened.
const EditorPage = lazy(() => import("./pages/EditorPage.jsx"));
// The catalog screens (segments, templates, playbooks, attributes, milestones, outcomes, users).
const CatalogPage = lazy(() => import("./pages/CatalogPage.jsx"));
// Who changed what (admins).
const AuditPage = lazy(() => import("./pages/AuditPage.jsx"));
const SettingsPage = lazy(() => import("./pages/SettingsPage.jsx"));

export default function App() {
  // state: "loading" | "anonymous" | "signed-in" | "error"
  const [auth, setAuth] = useState({ state: "loading", session: null, error: null });

  const probe = useCallback(async () => {
    try {
      const session = await getSession();
      setAuth(session ? { state: "signed-in", session, error: null } : { state: "anonymous", session: null, error: null });
    } catch (e) {
      setAuth({ state: "error", session: null, error: e.message });
    }
  }, []);

  useEffect(() => {
    probe();
    return onUnauthorized(() => setAuth({ state: "anonymous", session: null, error: null }));
  }, [probe]);

  const handleLogout = async () => {
    try {
      await logout();
    } finally {
      setAuth({ state: "anonymous", session: null, error: null });
    }
  };

  const user = auth.session?.user || null;
  let body;
  if (auth.state === "loading") {
    body = <main className="page"><p className="muted">Loading…</p></main>;
  } else if (auth.state === "anonymous") {
    body = <LoginPage onLoggedIn={(session) => setAuth({ state: "signed-in", session, error: null })} />;
  } else if (auth.state === "error") {
    body = (
      <main className="page">
        <p className="error" role="alert">Could not check your session: {auth.error}</p>
        <button type="button" onClick={probe}>Try again</button>
      </main>
    );
  } else {
    body = (
      <Routes>
        <Route path="/" element={<Navigate to="/journeys" replace />} />
        <Route path="/journeys" element={<JourneysPage />} />
        <Route path="/journeys/:id" element={<Suspense fallback={<main className="page"><p className="muted">Loading the designer…</p></main>}><EditorPage /></Suspense>} />
        <Route path="/accounts" element={<AccountsPage />} />
        <Route path="/accounts/:externalId" element={<AccountsPage />} />
        <Route path="/tasks" element={<TasksPage />} />
        <Route path="/outbox" element={<OutboxPage />} />
        <Route path="/outbound" element={<OutboundPage isAdmin={user?.role === "admin"} />} />
        <Route path="/suppressions" element={<SuppressionsPage />} />
        <Route path="/audit" element={<Suspense fallback={<main className="page"><p className="muted">Loading the audit log…</p></main>}><AuditPage /></Suspense>} />
        <Route path="/settings" element={<Suspense fallback={<main className="page"><p className="muted">Loading the settings…</p></main>}><SettingsPage /></Suspense>} />
        <Route path="/catalog/*" element={<Suspense fallback={<main className="page"><p className="muted">Loading the catalog…</p></main>}><CatalogPage /></Suspense>} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    );
  }

  return (
    <SessionContext.Provider value={auth.session}>
      <div className="app">
        <Header user={user} onLogout={handleLogout} />
        {body}
      </div>
    </SessionContext.Provider>
  );
}
