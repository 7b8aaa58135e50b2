// Live view for enabled journeys: totals, per-node counts on the canvas (refreshed every 10 s),
// and the accounts at the selected step.
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { getStats, listNodeAccounts } from "../api/journeys.js";
import { editorStore, useEditor } from "../store/editorStore.js";
import { stepName } from "../graph/nodeKinds.js";
import FailedEnrollments from "./FailedEnrollments.jsx";

export const LIVE_POLL_MS = 10000;

export default function LivePanel({ journeyId }) {
  const [stats, setStats] = useState(null);
  const [error, setError] = useState(null);
  const [accounts, setAccounts] = useState(null);
  const [refresh, setRefresh] = useState(0);
  const selectedId = useEditor((s) => {
    const sel = s.nodes.filter((n) => n.selected);
    return sel.length === 1 ? sel[0].id : null;
  });
  // The step as the canvas titles it ("Wait 3 days", else its kind), not its id.
  const shownName = useEditor((s) => {
    const node = accounts && s.nodes.find((n) => n.id === accounts.nodeId);
    return node ? stepName(node) : accounts?.nodeId;
  });

  useEffect(() => {
    let alive = true;
    const load = async () => {
      try {
        const res = await getStats(journeyId);
        if (!alive) return;
        setStats(res);
        setError(null);
        editorStore.getState().setOverlay({ kind: "live", stats: res });
      } catch (e) {
        if (alive) setError(e.message);
      }
    };
    load();
    const t = setInterval(load, LIVE_POLL_MS);
    return () => {
      alive = false;
      clearInterval(t);
      editorStore.getState().setOverlay(null);
    };
  }, [journeyId, refresh]);

  useEffect(() => {
    if (!selectedId) { setAccounts(null); return undefined; }
    let alive = true;
    listNodeAccounts(journeyId, selectedId)
      .then((items) => alive && setAccounts({ nodeId: selectedId, items }))
      .catch((e) => alive && setAccounts({ nodeId: selectedId, error: e.message }));
    return () => { alive = false; };
  }, [journeyId, selectedId]);

  return (
    <section className="panel-section" aria-label="Live view">
      {error && <p className="banner error" role="alert">{error}</p>}
      {stats && (
        <dl className="stat-grid">
          <div><dt>Enrolled</dt><dd>{stats.enrolled}</dd></div>
          <div><dt>Goal achieved</dt><dd>{stats.goal_achieved}</dd></div>
          {Object.entries(stats.by_status || {}).map(([k, v]) => (
            <div key={k}><dt>{k.replace("_", " ")}</dt><dd>{v}</dd></div>
          ))}
        </dl>
      )}
      {stats && <FailedEnrollments journeyId={journeyId} count={stats.by_status?.failed || 0}
        onRetried={() => setRefresh((n) => n + 1)} />}
      <p className="muted small">The canvas shows how many accounts are at each step now and how many passed; select a step to list its accounts.</p>
      {accounts && (
        <div>
          <h3>Accounts at {shownName}</h3>
          {accounts.error && <p className="error">{accounts.error}</p>}
          {accounts.items && accounts.items.length === 0 && <p className="muted">No accounts here right now.</p>}
          {accounts.items && accounts.items.length > 0 && (
            <table className="data compact">
              <thead><tr><th>Account</th><th>Status</th><th>Entered</th></tr></thead>
              <tbody>
                {accounts.items.map((a) => (
                  <tr key={a.external_id}>
                    <td><Link to={`/accounts/${encodeURIComponent(a.external_id)}`}>{a.name || a.external_id}</Link></td>
                    <td>{a.status}</td>
                    <td>{a.entered_at ? new Date(a.entered_at).toLocaleString() : ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}
