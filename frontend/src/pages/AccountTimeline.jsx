// An account's enrollments with their step logs, plus its tasks and emails.
import { useCallback, useEffect, useState } from "react";
import { Link } from "react-router";
import { getAccountJourneys, getEntryChecks, retryEnrollment, unenroll } from "../api/accounts.js";
import { listVersions } from "../api/journeys.js";
import { listOutbox, listTasks } from "../api/tasks.js";
import { listEvents } from "../api/events.js";
import AccountSuppressions from "./AccountSuppressions.jsx";
import { emailEventSentence } from "./emailEvents.js";
import { kindLabel } from "../graph/nodeKinds.js";
import { enrollmentReasonLabel, enrollmentStatusLabel } from "../components/enrollmentStatus.js";
import ConfirmButton from "../components/ConfirmButton.jsx";
import StepDetail, { ExplainedRule } from "../components/StepDetail.jsx";
import { outcomeWords, summarizeStep } from "./stepSummary.js";
import { useCanEdit } from "../session-context.js";
import { personLabel } from "../components/person.js";
import { useCatalog } from "../inspector/catalogContext.js";
import { names as catalogNames } from "../graph/names.js";
import { outboxStatusWords } from "../components/outboxStatus.js";
import Moment, { TimeZoneNote } from "../components/Moment.jsx";
import { dateWords, momentWords } from "../components/dates.js";
import { eventEntryWords, personWords, stepVersions, webhookWaitWords, withPeople } from "./timelineExtras.js";

const hasDetail = (d) => d !== undefined && d !== null && !(typeof d === "object" && !Object.keys(d).length);

/** A step as a sentence (with the explained rule of a wait/exit), the raw rows under "Details";
 *  steps without a sentence (conditions, unknown kinds) show their detail as before. */
export function StepBody({ step, sentSubjects, emailStatuses, nodeName }) {
  const catalog = useCatalog();
  const summary = summarizeStep(step, { catalog, sentSubjects, emailStatuses, nodeName });
  if (!summary) return <StepDetail detail={step.detail} />;
  const rule = step.detail?.rule?.rule; // a wait's or blacklist's explain(): {verdict, rule: tree}
  return (
    <div className="step-detail">
      <div className={summary.tone === "error" ? "step-summary error" : "step-summary"}>
        {summary.text}
        {summary.note && <> <span className="muted small">({summary.note})</span></>}
      </div>
      {rule && typeof rule === "object" && "verdict" in rule && <ExplainedRule node={rule} />}
      {hasDetail(step.detail) && (
        <details className="step-raw">
          <summary className="muted small">Details</summary>
          <StepDetail detail={step.detail} />
        </details>
      )}
    </div>
  );
}

/** The names for an enrollment of version `version`: each step by that version's name, and a step
 * it no longer has (visited before "Publish and move" took the account to it) by the newest
 * version that had it — never the bare id while any version names it. */
export function namesForVersion(byVersion = {}, version) {
  const out = {};
  const order = Object.keys(byVersion).map(Number).sort((a, b) => a - b);
  for (const v of order) Object.assign(out, byVersion[v]);
  return Object.assign(out, byVersion[version] || {});
}

/** {journeyId: {version: {nodeId: {name, kind}}}} from the published versions the enrollments walked. */
async function stepNames(enrollments) {
  const ids = [...new Set(enrollments.map((en) => en.journey_id))];
  const out = {};
  await Promise.all(ids.map(async (id) => {
    const versions = await listVersions(id).catch(() => []); // names are a nicety: ids stay shown
    out[id] = Object.fromEntries(versions.map((v) => [v.version, Object.fromEntries((v.graph?.nodes || []).map(
      (n) => [n.id, { name: n.label || kindLabel(n.type, n.config), kind: kindLabel(n.type, n.config) }]))]));
  }));
  return out;
}

/** Which of the account's walks through that journey `en` is, when there were several:
 *  {number, of} (1 = the first, by when it enrolled), else null. */
export function walkNumber(enrollments, en) {
  const same = enrollments.filter((e) => e.journey_id === en.journey_id)
    .sort((a, b) => Date.parse(a.enrolled_at) - Date.parse(b.enrolled_at) || a.id - b.id);
  return same.length > 1 ? { number: same.findIndex((e) => e.id === en.id) + 1, of: same.length } : null;
}

function Enrollment({ en, externalId, onChanged, canEdit, names, byVersion, sentSubjects, emailStatuses, walk }) {
  const nodeName = (version, id) => byVersion?.[version]?.[id]?.name;
  // each step by the version it was walked on (a step before a move: the version it moved from)
  const versions = stepVersions(en.steps || [], en.version);
  const versionOf = new Map((en.steps || []).map((st, i) => [st, versions[i]]));
  const stepNames = (st) => byVersion?.[versionOf.get(st)]?.[st.node_id] || names?.[st.node_id];
  const catalog = useCatalog();
  const [error, setError] = useState(null);
  const act = async (fn) => {
    setError(null);
    try { await fn(en.id); onChanged(); } catch (e) { setError(e.message); }
  };
  return (
    <li className="card enrollment" data-testid={`enrollment-${en.id}`}>
      <div className="toolbar">
        <strong>{en.journey_name || en.journey_key || `Journey ${en.journey_id}`}</strong>
        <span className="muted small">version {en.version}</span>
        {walk && <span className="badge" data-testid="walk-number" title="The account was enrolled in this journey more than once">enrollment {walk.number} of {walk.of}</span>}
        <span className={`badge status-${en.status}`}>{enrollmentStatusLabel(en.status)}</span>
        {en.goal_achieved_at && <span className="badge live">Goal achieved <Moment at={en.goal_achieved_at} /></span>}
        <span className="spacer" />
        <Link to={`/journeys/${en.journey_id}?account=${encodeURIComponent(externalId)}&enrollment=${encodeURIComponent(en.id)}`}>Show on canvas</Link>
        {canEdit && en.status === "active" && (
          <ConfirmButton className="small danger" question="Remove the account from this journey?" confirmLabel="Unenroll" onConfirm={() => act(unenroll)}>
            Unenroll
          </ConfirmButton>
        )}
        {canEdit && en.status === "failed" && <button type="button" className="small" onClick={() => act(retryEnrollment)}>Retry</button>}
      </div>
      <p className="muted small">
        Enrolled <Moment at={en.enrolled_at} />{en.ended_at && <> · ended <Moment at={en.ended_at} /></>}{en.reason ? ` · ${enrollmentReasonLabel(en.reason, catalog)}` : ""}
      </p>
      {en.status === "active" && en.current_node && (
        <p className="small">Now at <strong>{names?.[en.current_node]?.name || en.current_node}</strong>{en.wake_at && <>, waiting until <Moment at={en.wake_at} /></>}.</p>
      )}
      {en.status === "active" && en.webhook && (
        <p className={`small${en.webhook.attempts ? " warning" : ""}`} data-testid="webhook-wait">{webhookWaitWords(en.webhook)}</p>
      )}
      {en.error && <p className="error small">Failed: {typeof en.error === "string" ? en.error : JSON.stringify(en.error)}</p>}
      {error && <p className="error" role="alert">{error}</p>}
      <ol className="steps">
        {withPeople(en.steps || [], en.people || []).map(({ step: st, person }, i) => person ? (
          <li key={i} className="person-action" data-testid="person-action">
            <span className="muted small"><Moment at={person.at} /></span>{" "}<strong>{personWords(person)}</strong>
          </li>
        ) : (
          <li key={i}>
            <span className="muted small"><Moment at={st.at} /></span>{" "}
            <strong>{stepNames(st)?.name || st.node_id}</strong>{" "}
            <span className="muted small">({stepNames(st)?.kind || st.type})</span>
            {st.outcome && <> → <strong>{outcomeWords(st)}</strong></>}
            <StepBody step={st} sentSubjects={sentSubjects} emailStatuses={emailStatuses} nodeName={nodeName} />
          </li>
        ))}
      </ol>
    </li>
  );
}

/** Whether the recipient opened the email (and followed a link in it), and when; an email with no
 *  HTML part carries no open pixel, so whether it was read cannot be told. */
export function EmailEngagement({ email }) {
  if (email.opened_at) {
    return (
      <span className="nowrap">
        Opened <Moment at={email.opened_at} />
        {email.clicked_at && <>, link clicked <Moment at={email.clicked_at} /></>}
      </span>
    );
  }
  if (email.opened_at === undefined) return <span className="muted">—</span>; // a server that does not say
  if (email.status !== "sent") return <span className="muted">—</span>; // it never reached the recipient
  if (!email.html_body) return <span className="muted" title="A plain-text email has no open pixel">can’t tell (plain text)</span>;
  return <span className="muted">not yet</span>;
}

// After an edit the account's journeys are re-checked by a worker, a moment after the save: the
// timeline is read at once and again after these delays (ms) to show where they took it.
export const REFRESH_AFTER = [1500, 5000];

/** refresh: a number the page bumps when the account changed (an edit), to read the timeline again. */
export default function AccountTimeline({ externalId, refresh = 0 }) {
  const canEdit = useCanEdit();
  const catalog = useCatalog();
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);

  const load = useCallback(async () => {
    try {
      const [enrollments, tasks, outbox, events, entryChecks] = await Promise.all([
        getAccountJourneys(externalId),
        listTasks({ account: externalId }),
        listOutbox({ account: externalId }),
        listEvents({ account: externalId, limit: 20 }).then((r) => r.items).catch(() => []),
        // an explanation is a nicety: the timeline stands alone
        getEntryChecks(externalId).catch(() => ({ items: [], events: [] })),
      ]);
      const names = await stepNames(enrollments);
      const emails = outbox.filter((m) => !m.account || m.account.external_id === externalId);
      // An email step names the subject as sent (its merge fields filled in), from the outbox.
      const sentSubjects = Object.fromEntries(emails.map((m) => [m.id, m.subject]));
      // …and says "Emailed" only for what the mail server took (else queued, or kept: no server).
      const emailStatuses = Object.fromEntries(emails.map((m) => [m.id, m.status]));
      setData({ enrollments, names, tasks, events, emails, sentSubjects, emailStatuses,
        entryChecks: entryChecks.items, eventChecks: entryChecks.events });
      setError(null);
    } catch (e) {
      setError(e.message);
    }
  }, [externalId]);
  useEffect(() => { load(); }, [load]);
  useEffect(() => {
    if (!refresh) return undefined;
    load();
    const timers = REFRESH_AFTER.map((ms) => setTimeout(load, ms));
    return () => timers.forEach(clearTimeout);
  }, [refresh]); // eslint-disable-line react-hooks/exhaustive-deps

  if (error) return <p className="banner error" role="alert">{error}</p>;
  if (!data) return <p className="muted">Loading the timeline…</p>;
  // an engagement event names the template, journey and step by key: said by their names
  const n = catalogNames(catalog || {});
  const journeyIds = Object.fromEntries(data.enrollments.map((en) => [en.journey_key, en.journey_id]));
  const eventNames = {
    template: n.template,
    journey: (key) => data.enrollments.find((en) => en.journey_key === key)?.journey_name || n.journey(key),
    step: (key, node) => namesForVersion(data.names[journeyIds[key]] || {})[node]?.name,
  };
  return (
    <>
      <AccountSuppressions externalId={externalId} refresh={refresh} />
      <section aria-labelledby="timeline-journeys">
        <h2 id="timeline-journeys">Journeys</h2>
        <TimeZoneNote />
        {data.enrollments.length === 0 && <p className="muted">This account has not been in any journey yet. It enters one when it joins a segment a live journey tracks, or when a product event a live journey enters on arrives for it.</p>}
        <ul className="timeline">
          {data.enrollments.map((en) => <Enrollment key={en.id} en={en} externalId={externalId} onChanged={load} canEdit={canEdit}
            walk={walkNumber(data.enrollments, en)}
            names={namesForVersion(data.names[en.journey_id], en.version)} byVersion={data.names[en.journey_id]}
            sentSubjects={data.sentSubjects} emailStatuses={data.emailStatuses} />)}
        </ul>
      </section>
      {data.entryChecks?.length > 0 && (
        <section aria-labelledby="timeline-not-in">
          <h2 id="timeline-not-in">In the segment, not in the journey</h2>
          <p className="muted small">Journeys whose entry segment this account is in, and why it was not enrolled (again).</p>
          <ul className="timeline" data-testid="entry-checks">
            {data.entryChecks.map((c) => (
              <li key={c.journey.id} className="card">
                <div className="toolbar">
                  <Link to={`/journeys/${c.journey.id}`}><strong>{c.journey.name}</strong></Link>
                  {!c.journey.enabled && <span className="badge">Off</span>}
                  <span className="muted small">entry: {c.segments.map((sg) => `${sg.name}${sg.since ? ` (in it since ${momentWords(sg.since)})` : ""}`).join(", ")}</span>
                </div>
                <p className="small">{c.message}</p>
              </li>
            ))}
          </ul>
        </section>
      )}
      {data.eventChecks?.length > 0 && (
        <section aria-labelledby="timeline-event-skips">
          <h2 id="timeline-event-skips">Entry events that did not enroll it</h2>
          <p className="muted small">Per journey that starts on a product event: the latest such event of this account that did not enroll it, and why.</p>
          <ul className="timeline" data-testid="event-entry-checks">
            {data.eventChecks.map((c) => (
              <li key={c.journey.id} className="card">
                <div className="toolbar">
                  <Link to={`/journeys/${c.journey.id}`}><strong>{c.journey.name}</strong></Link>
                  {!c.journey.enabled && <span className="badge">Off</span>}
                  <span className="muted small">entry event: {c.event.name}</span>
                </div>
                <p className="small">{eventEntryWords(c)}</p>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="timeline-events">
        <h2 id="timeline-events">Recent product events</h2>
        {data.events.length === 0 ? <p className="muted">No product events from this account yet.</p> : (
          <table className="data compact" data-testid="account-events"><thead><tr><th>Event</th><th>When</th><th>Properties</th></tr></thead>
            <tbody>{data.events.map((ev, i) => (
              <tr key={ev.id || i}><td>{ev.name}</td><td className="nowrap"><Moment at={ev.at} /></td>
                <td className="small">{emailEventSentence(ev, eventNames) || Object.entries(ev.properties || {}).map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : v}`).join(" · ")}</td></tr>
            ))}</tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="timeline-tasks">
        <h2 id="timeline-tasks">Tasks</h2>
        {data.tasks.length === 0 ? <p className="muted">No tasks.</p> : (
          <table className="data compact" aria-label="Tasks"><thead><tr><th>Task</th><th>From journey</th><th>Assignee</th><th>Due</th><th>Status</th></tr></thead>
            <tbody>{data.tasks.map((t) => (
              <tr key={t.id}>
                <td>{t.title}</td>
                <td>{t.journey ? <Link to={`/journeys/${t.journey.id}`}>{t.journey.name}</Link> : <span className="muted">made by hand</span>}</td>
                <td>{personLabel(t.assignee) || <span className="muted">nobody</span>}</td>
                <td className="nowrap">{dateWords(t.due_on)}</td>
                <td>{t.status === "done" ? "Done" : "Open"}</td>
              </tr>
            ))}</tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="timeline-emails">
        <h2 id="timeline-emails">Emails</h2>
        {data.emails.length === 0 ? <p className="muted">No emails.</p> : (
          <table className="data compact" aria-label="Emails"><thead><tr><th>Subject</th><th>To</th><th>Status</th><th>When</th><th>Opened</th></tr></thead>
            <tbody>{data.emails.map((m) => (
              <tr key={m.id}>
                <td>{m.subject}</td><td>{Array.isArray(m.to) ? m.to.join(", ") : m.to}</td><td>{outboxStatusWords(m.status)}</td>
                <td className="nowrap"><Moment at={m.sent_at || m.created_at} /></td>
                <td data-testid={`email-opened-${m.id}`}><EmailEngagement email={m} /></td>
              </tr>
            ))}</tbody>
          </table>
        )}
      </section>
    </>
  );
}
