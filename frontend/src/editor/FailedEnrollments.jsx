// The Live view's list of enrollments an action stopped: which account (and its path), at which
// step, when, why, and Retry (admins) — so a failed count is never a dead end.
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { listFailedEnrollments } from "../api/journeys.js";
import { retryEnrollment } from "../api/accounts.js";
import { stepName } from "../graph/nodeKinds.js";
import { useCanEdit } from "../session-context.js";
import { useEditor } from "../store/editorStore.js";
import Moment from "../components/Moment.jsx";

/** `count`: the failed enrollments the stats report (the list reloads when it changes);
 * `onRetried`: called after a Retry, to refresh the counts at once. */
export default function FailedEnrollments({ journeyId, count, onRetried }) {
  const canEdit = useCanEdit(); // admins and CSMs retry (as on the account page); support looks
  const nodes = useEditor((s) => s.nodes);
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    if (!count) { setItems(null); return undefined; }
    let alive = true;
    listFailedEnrollments(journeyId)
      .then((rows) => { if (alive) { setItems(rows); setError(null); } })
      .catch((e) => alive && setError(e.message));
    return () => { alive = false; };
  }, [journeyId, count, reload]);

  if (!count) return null;
  const name = (nodeId) => {
    const node = nodes.find((n) => n.id === nodeId);
    return node ? stepName(node) : nodeId;
  };
  const retry = async (enrollmentId) => {
    try {
      await retryEnrollment(enrollmentId);
      setReload((n) => n + 1);
      onRetried?.();
    } catch (e) {
      setError(e.message);
    }
  };
  return (
    <div aria-label="Failed enrollments">
      <h3>Failed: waiting for Retry</h3>
      {error && <p className="error" role="alert">{error}</p>}
      {items && items.length > 0 && (
        <table className="data compact">
          <thead><tr><th>Account</th><th>Step</th><th>Why</th>{canEdit && <th><span className="visually-hidden">Actions</span></th>}</tr></thead>
          <tbody>
            {items.map((f) => (
              <tr key={f.enrollment_id} data-testid={`failed-${f.enrollment_id}`}>
                <td>
                  <Link to={`/accounts/${encodeURIComponent(f.external_id)}`}>{f.name || f.external_id}</Link>
                  {/* when, and the steps it took to get there on this canvas: under the name, so the
                      table keeps to the panel's width (Why and Retry stay in view) */}
                  {f.failed_at && <div className="muted small">failed <Moment at={f.failed_at} /></div>}
                  <div className="small"><Link to={`/journeys/${journeyId}?account=${encodeURIComponent(f.external_id)}&enrollment=${encodeURIComponent(f.enrollment_id)}`}>its path</Link></div>
                </td>
                <td>{name(f.node_id)}</td>
                <td>{f.error}</td>
                {canEdit && <td><button type="button" className="small" onClick={() => retry(f.enrollment_id)}>Retry</button></td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
