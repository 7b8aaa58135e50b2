// Live view for enabled journeys: totals, per-node counts on the canvas (refreshed every 10 s),
// and the accounts at the selected step.
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { getStats, listNodeAccounts } from "../api/journeys.js";
import { editorStore, useEditor } from "../store/editorStore.js";
import { stepName } from "../graph/nodeKinds.js";
import { attributeLabel } from "../graph/names.js";
import { enrollmentStatusLabel } from "../components/enrollmentStatus.js";
import { useCatalog } from "../inspector/catalogContext.js";
import FailedEnrollments from "./FailedEnrollments.jsx";
import Moment from "../components/Moment.jsx";
import { momentWords } from "../components/dates.js";

export const LIVE_POLL_MS = 10000;

/**
 * Until when an account listed at a wait step waits there: its wake-up time (a wait with a time
 * limit: "at most until …"), or, for an until-date wait whose date is not set, "until <field> is
 * set". Accounts that passed the step: "passed".
 */
export function waitsUntil(row, config, catalog) {
  if (!row.here) return "passed";
  const limit = config?.until_rule || config?.until_event;
  if (row.wake_at) return `${limit ? "at most until " : ""}${momentWords(row.wake_at)}`;
  if (config?.until_date) return `until ${attributeLabel(config.until_date.property, catalog) || "its date"} is set`;
  return "";
}

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
  // a wait's accounts say until when they wait there
  const waitConfig = useEditor((s) => {
    const node = accounts && s.nodes.find((n) => n.id === accounts.nodeId);
    return node?.type === "wait" ? node.data?.config || {} : null;
  });
  const catalog = useCatalog();

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
            <div key={k}><dt>{enrollmentStatusLabel(k)}</dt><dd>{v}</dd></div>
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
              <thead><tr><th>Account</th><th>Status</th><th>Entered</th>{waitConfig && <th>Waits until</th>}</tr></thead>
              <tbody>
                {accounts.items.map((a) => (
                  <tr key={a.external_id}>
                    <td><Link to={`/accounts/${encodeURIComponent(a.external_id)}`}>{a.name || a.external_id}</Link></td>
                    <td>{enrollmentStatusLabel(a.status)}</td>
                    <td className="nowrap"><Moment at={a.entered_at} /></td>
                    {waitConfig && <td>{waitsUntil(a, waitConfig, catalog)}</td>}
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
