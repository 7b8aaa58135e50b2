// Live view for enabled journeys: totals, per-node counts on the canvas (refreshed every 10 s),
// and, for the selected step, the accounts there now and (apart) those that passed it.
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { getStats, listNodeAccounts } from "../api/journeys.js";
import { editorStore, useEditor } from "../store/editorStore.js";
import { stepName } from "../graph/nodeKinds.js";
import { branchCaption } from "../graph/handles.js";
import { attributeLabel } from "../graph/names.js";
import { enrollmentStatusLabel } from "../components/enrollmentStatus.js";
import { useCatalog } from "../inspector/catalogContext.js";
import FailedEnrollments from "./FailedEnrollments.jsx";
import Moment from "../components/Moment.jsx";
import { momentWords } from "../components/dates.js";
import { emailCountWords } from "../canvas/overlay.js";

export const LIVE_POLL_MS = 10000;

// What each count counts, on hover: "Goal achieved" and "Left: goal achieved" read alike, and are not.
export const STAT_HINTS = {
  enrolled: "Enrollments in all: an account enrolled twice counts twice",
  goal_achieved: "Enrollments that met the goal, whether they then left or walk on",
  active: "Walking, or waiting at a step",
  completed: "Reached an End step, or a step with nothing after it",
  goal_exited: "Ended because they met the goal (the exit rules end an enrollment on its goal)",
  unenrolled: "Taken out: an exit rule matched, they left the entry segment, or someone unenrolled them",
  failed: "A step's action failed: they wait for Retry (listed below)",
};

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

/** Where an account that passed a step is now, in words: "at Wait 3 days", "Failed at Tips email", "Completed". */
export function whereNow(row, nodeName) {
  if (row.status === "active") return row.current_node ? `at ${nodeName(row.current_node)}` : "Active";
  if (row.status === "failed" && row.current_node) return `Failed at ${nodeName(row.current_node)}`;
  return enrollmentStatusLabel(row.status);
}

/** A selected step's accounts: those at it now and, apart, those that passed it (with where each is
 *  now and, at a step with branches, which way it went); each links to the account and its path. */
function NodeAccountLists({ data, waitConfig, catalog, nodeName, branching, journeyId }) {
  const here = data.items.filter((a) => a.here);
  const passed = data.items.filter((a) => !a.here);
  const hereCount = data.hereCount ?? here.length;
  const passedCount = data.passedCount ?? passed.length;
  const more = (shown, count) => shown < count && <p className="muted small">Showing the newest {shown} of {count}.</p>;
  const account = (a) => (
    <>
      <Link to={`/accounts/${encodeURIComponent(a.external_id)}`}>{a.name || a.external_id}</Link>
      {a.enrollment_id !== undefined && (
        <div className="small"><Link to={`/journeys/${journeyId}?account=${encodeURIComponent(a.external_id)}&enrollment=${encodeURIComponent(a.enrollment_id)}`}>its path</Link></div>
      )}
    </>
  );
  return (
    <>
      <h4>Here now ({hereCount})</h4>
      {here.length === 0 ? <p className="muted">No accounts are at this step now.</p> : (
        <table className="data compact" aria-label="Here now">
          <thead><tr><th>Account</th><th>Arrived</th>{waitConfig && <th>Waits until</th>}</tr></thead>
          <tbody>
            {here.map((a) => (
              <tr key={a.enrollment_id ?? `${a.external_id}-${a.entered_at}`}>
                <td>{account(a)}</td>
                <td className="nowrap"><Moment at={a.entered_at} /></td>
                {waitConfig && <td>{waitsUntil(a, waitConfig, catalog)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {more(here.length, hereCount)}
      <h4>Passed ({passedCount})</h4>
      {passed.length === 0 ? <p className="muted">No accounts have passed this step.</p> : (
        <table className="data compact" aria-label="Passed">
          <thead><tr><th>Account</th><th>Passed</th>{branching && <th>Went</th>}<th>Now</th></tr></thead>
          <tbody>
            {passed.map((a) => (
              <tr key={a.enrollment_id ?? `${a.external_id}-${a.entered_at}`}>
                <td>{account(a)}</td>
                <td className="nowrap"><Moment at={a.entered_at} /></td>
                {branching && <td>{a.outcome ? branching(a.outcome) : "—"}</td>}
                <td>{whereNow(a, nodeName)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {more(passed.length, passedCount)}
    </>
  );
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
  // a step with branches (a decision, a split, a wait with a time limit): which way each account went
  const branchingNode = useEditor((s) => {
    const node = accounts && s.nodes.find((n) => n.id === accounts.nodeId);
    return node && (node.type === "condition" || node.type === "split" || (node.type === "wait" && (node.data?.config?.until_rule || node.data?.config?.until_event)))
      ? node : null;
  });
  const branching = branchingNode ? (outcome) => branchCaption(branchingNode.type, outcome, branchingNode.data?.config) : null;
  const catalog = useCatalog();
  const nodes = useEditor((s) => s.nodes);
  // where an account is now, as the canvas names that step (its id when it is no longer drawn)
  const nodeName = (id) => {
    const node = nodes.find((n) => n.id === id);
    return node ? stepName(node) : id;
  };

  useEffect(() => {
    let alive = true;
    // what the canvas showed before (an account's path): it comes back when the Live tab closes
    const before = editorStore.getState().overlay;
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
      editorStore.getState().setOverlay(before?.kind === "live" ? null : before);
    };
  }, [journeyId, refresh]);

  useEffect(() => {
    if (!selectedId) { setAccounts(null); return undefined; }
    let alive = true;
    listNodeAccounts(journeyId, selectedId)
      .then((res) => alive && setAccounts({ nodeId: selectedId, items: res.items || [],
        hereCount: res.here_count, passedCount: res.passed_count }))
      .catch((e) => alive && setAccounts({ nodeId: selectedId, error: e.message }));
    return () => { alive = false; };
  }, [journeyId, selectedId]);

  return (
    <section className="panel-section" aria-label="Live view">
      {error && <p className="banner error" role="alert">{error}</p>}
      {stats && (
        <dl className="stat-grid">
          <div title={STAT_HINTS.enrolled}><dt>Enrolled</dt><dd>{stats.enrolled}</dd></div>
          <div title={STAT_HINTS.goal_achieved}><dt>Goal achieved</dt><dd>{stats.goal_achieved}</dd></div>
          {Object.entries(stats.by_status || {}).map(([k, v]) => (
            <div key={k} title={STAT_HINTS[k]}><dt>{enrollmentStatusLabel(k)}</dt><dd>{v}</dd></div>
          ))}
        </dl>
      )}
      {stats && <FailedEnrollments journeyId={journeyId} count={stats.by_status?.failed || 0}
        onRetried={() => setRefresh((n) => n + 1)} />}
      <p className="muted small">The canvas shows how many accounts are at each step now and how many passed; select a step to list the accounts there now and those that passed it.</p>
      {accounts && (
        <div aria-label={`Accounts of ${shownName}`} role="region">
          <h3>{shownName}</h3>
          {/* the canvas badge is one line, cut to fit: the whole count is said here */}
          {stats?.nodes?.[accounts.nodeId]?.emails && (
            <p className="small" data-testid="step-emails">Emails: {emailCountWords(stats.nodes[accounts.nodeId].emails)}</p>
          )}
          {accounts.error && <p className="error">{accounts.error}</p>}
          {accounts.items && <NodeAccountLists data={accounts} waitConfig={waitConfig} catalog={catalog} nodeName={nodeName}
            branching={branching} journeyId={journeyId} />}
        </div>
      )}
    </section>
  );
}
