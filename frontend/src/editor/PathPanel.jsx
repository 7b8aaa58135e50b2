// The Path tab of "Show on canvas" (?account=&enrollment=): every step the account took, visit by
// visit, each said as the account page says it (what it did, the values a decision saw). Select a
// step on the canvas to see only its visits — a step the account came back to lists each visit.
import { useEffect } from "react";
import { Link } from "react-router";
import { editorStore, useEditor } from "../store/editorStore.js";
import { pathVisits } from "../canvas/overlay.js";
import { stepName } from "../graph/nodeKinds.js";
import { outcomeWords } from "../pages/stepSummary.js";
import { stepVersions } from "../pages/timelineExtras.js";
import { StepBody } from "../pages/AccountTimeline.jsx";
import { enrollmentStatusLabel } from "../components/enrollmentStatus.js";
import Moment from "../components/Moment.jsx";

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One visit: the step's name (a button that selects it on the canvas), which visit of how many,
 *  and each of its steps with when, the outcome and the sentence. */
function Visit({ visit, of, name, nodeName, select, info }) {
  return (
    <li className="path-visit" data-testid={`path-visit-${visit.node_id}-${visit.number}`}>
      <button type="button" className="link-button" onClick={() => select(visit.node_id)} title="Select this step on the canvas">
        <strong>{name(visit.node_id, visit.version)}</strong>
      </button>
      {of > 1 && <span className="badge">visit {visit.number} of {of}</span>}
      <ul className="path-steps">
        {visit.steps.map((st, i) => (
          <li key={i}>
            <span className="muted small">{st.day !== undefined ? `Day ${st.day}` : <Moment at={st.at} />}</span>
            {outcomeWords(st) && <> → <strong>{outcomeWords(st)}</strong></>}
            <StepBody step={st} nodeName={nodeName} sentSubjects={info.sentSubjects} emailStatuses={info.emailStatuses} />
          </li>
        ))}
      </ul>
    </li>
  );
}

/** `info`: useEnrollmentPath's ({account, name, status, version, enrolledAt, endedAt, wakeAt, others}). */
export default function PathPanel({ journeyId, info }) {
  const overlay = useEditor((s) => s.overlay);
  const nodes = useEditor((s) => s.nodes);
  const selectedId = useEditor((s) => {
    const sel = s.nodes.filter((n) => n.selected);
    return sel.length === 1 ? sel[0].id : null;
  });
  // a simulation or the Live tab may have drawn over the path: the Path tab draws it again
  useEffect(() => {
    if (info?.overlay && editorStore.getState().overlay !== info.overlay) editorStore.getState().setOverlay(info.overlay);
  }, [info]);
  if (overlay?.kind !== "path" || !info) return <p className="muted">Loading the path…</p>;
  const nodeName = overlay.nodeName || (() => undefined);
  // a step by the name the version the account was on then gave it (before a move: the old one)
  const name = (id, version = info.version) => {
    const node = nodes.find((n) => n.id === id);
    return nodeName(version, id) || (node ? stepName(node) : id);
  };
  const versions = stepVersions(overlay.steps, info.version);
  const versionOf = new Map(overlay.steps.map((st, i) => [st, versions[i]]));
  const visits = pathVisits(overlay.steps).map((v) => ({ ...v, version: versionOf.get(v.steps[0]) }));
  const count = (id) => visits.filter((v) => v.node_id === id).length;
  const select = (id) => editorStore.getState().select([id]);
  const shown = selectedId ? visits.filter((v) => v.node_id === selectedId) : visits;
  const who = info.name || info.account;
  return (
    <section className="panel-section path-panel" aria-label="The account's path">
      <p className="small">
        <Link to={`/accounts/${encodeURIComponent(info.account)}`}>{who}</Link>{" "}
        <span className="badge">{enrollmentStatusLabel(info.status)}</span>{" "}
        <span className="muted">
          enrolled {info.enrolledAt ? <Moment at={info.enrolledAt} /> : "—"}
          {info.endedAt && <> · ended <Moment at={info.endedAt} /></>}
          {info.wakeAt && <> · waits until <Moment at={info.wakeAt} /></>}
        </span>
      </p>
      {selectedId ? (
        <div className="toolbar">
          <h3>{name(selectedId)} · {shown.length ? plural(shown.length, "visit") : "not reached"}</h3>
          <span className="spacer" />
          <button type="button" className="small" onClick={() => editorStore.getState().select([])}>Show every step</button>
        </div>
      ) : (
        <p className="muted small">Every step it took, in order. Select a step on the canvas to see only what it did there.</p>
      )}
      {selectedId && !shown.length && <p className="muted">The account did not reach this step.</p>}
      <ol className="path-visits">
        {shown.map((v) => (
          <Visit key={`${v.node_id}-${v.number}`} visit={v} of={count(v.node_id)} name={name} nodeName={nodeName} select={select} info={info} />
        ))}
      </ol>
      {info.others?.length > 0 && (
        <div className="small" data-testid="path-others">
          <h4>Its other enrollments in this journey</h4>
          <ul>
            {info.others.map((e) => (
              <li key={e.id}>
                <Link to={`/journeys/${journeyId}?account=${encodeURIComponent(info.account)}&enrollment=${encodeURIComponent(e.id)}`}>
                  Enrolled <Moment at={e.enrolled_at} />
                </Link>{" "}
                <span className="muted">version {e.version} · {enrollmentStatusLabel(e.status).toLowerCase()}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
