// /audit (admins) — who changed what, and when: every write by a person or token, newest first,
// filtered by person, object, action and dates, with each change's before/after.
import { useCallback, useEffect, useMemo, useState } from "react";
import { Link } from "react-router";
import { listAudit } from "../api/audit.js";
import { useCurrentUser } from "../session-context.js";
import { formProblem } from "../catalog/apiErrors.js";
import { auditLink, actionWords, changeRows, objectNames, objectWords, ACTIONS, ACTOR_KINDS, OBJECT_TYPES } from "./auditWords.js";
import { getCatalog } from "../api/catalog.js";
import { listJourneys, listVersions } from "../api/journeys.js";
import { versionNodeNames } from "../editor/useEnrollmentPath.js";
import Moment, { TimeZoneNote } from "../components/Moment.jsx";

const PAGE = 50;
const EMPTY = { actor: "", object: "", action: "", since: "", until: "" };
const BEFORE = "From must be before To.";
// The filters as the page labels them (the API names them actor, since, until…), and its words
// for a refusal: the API says "since is after until."
const LABELS = { actor: "Who", object: "What", action: "Action", since: "From", until: "To" };
const WORDS = { since: (said) => (/after until/.test(said) ? BEFORE : `From: ${said}`), until: (said) => `To: ${said}` };

/** What is wrong with the filters before asking (dates as YYYY-MM-DD), by field, or null. */
export function filterProblems(filters) {
  return filters.since && filters.until && filters.since > filters.until ? { since: BEFORE } : null;
}

export default function AuditPage() {
  const me = useCurrentUser();
  const [filters, setFilters] = useState(EMPTY);
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState(null);
  const [error, setError] = useState(null);
  const [open, setOpen] = useState(null);
  // names attributes, segments and fields in an account's changes (a nicety: keys stay without it)
  const [catalog, setCatalog] = useState(null);
  // and the objects' names in the Object column ("Journey “Onboarding”", not "Journey 7")
  const [journeys, setJourneys] = useState(null);
  useEffect(() => {
    let alive = true;
    getCatalog().then((c) => alive && setCatalog(c)).catch(() => {});
    listJourneys().then((j) => alive && setJourneys(j)).catch(() => {});
    return () => { alive = false; };
  }, []);
  const names = useMemo(() => objectNames(catalog, journeys), [catalog, journeys]);

  const [refused, setRefused] = useState(null); // the API's messages about the filters, by field
  const wrong = filterProblems(filters); // said at once, and nothing is asked
  const load = useCallback(async () => {
    if (filterProblems(filters)) return;
    try {
      setPage(await listAudit({ ...filters, limit: PAGE, offset }));
      setError(null);
      setRefused(null);
    } catch (e) {
      const said = formProblem(e, LABELS, WORDS);
      setRefused(said.byField ? said.fields : null);
      setError(said.byField ? null : e.message);
    }
  }, [filters, offset]);
  useEffect(() => {
    const t = setTimeout(load, 200);
    return () => clearTimeout(t);
  }, [load]);

  if (me && me.role !== "admin") {
    return <main className="page"><h1>Audit log</h1><p className="banner error" role="alert">Only admins can read the audit log.</p></main>;
  }
  const set = (k) => (e) => { setOffset(0); setRefused(null); setFilters({ ...filters, [k]: e.target.value }); };
  const problems = wrong || refused || {};
  // a date's message sits after the To box (the filters are one row); both boxes point at it
  const dateProblem = ["since", "until"].map((k) => problems[k]).filter(Boolean).join(" ");
  const dateProps = (k) => (problems[k] ? { "aria-invalid": true, "aria-describedby": "a-dates-error" } : {});
  const otherProblems = Object.entries(problems).filter(([k]) => k !== "since" && k !== "until");
  const items = page?.items || [];
  const total = page?.total ?? 0;
  return (
    <main className="page audit-page">
      <h1>Audit log</h1>
      <p className="muted small">Every change made by a person or an API token: journeys, the catalog, accounts, users, tokens, enrollments. Secrets never appear here.</p>
      <form className="toolbar filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter the audit log">
        <label htmlFor="a-actor">Who</label>
        <select id="a-actor" value={filters.actor} onChange={set("actor")}>
          <option value="">Anyone</option>
          {(page?.actors || []).map((a) => <option key={a} value={a}>{a}</option>)}
        </select>
        <label htmlFor="a-object">What</label>
        <select id="a-object" value={filters.object.split(":")[0]} onChange={set("object")}>
          <option value="">Anything</option>
          {OBJECT_TYPES.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
        {filters.object.includes(":") && (
          <span className="chip">{objectWords(filters.object, names)}
            <button type="button" className="link-button" aria-label="Clear the object filter" onClick={() => setFilters({ ...filters, object: "" })}>✕</button>
          </span>
        )}
        <label htmlFor="a-action">Action</label>
        <select id="a-action" value={filters.action} onChange={set("action")}>
          <option value="">Any action</option>
          {/* an action typed into the address (?action=) that this page does not list stays chosen */}
          {filters.action && !ACTIONS.some(([code]) => code === filters.action) && <option value={filters.action}>{actionWords(filters.action)}</option>}
          {ACTIONS.map(([code, words]) => <option key={code} value={code}>{words}</option>)}
        </select>
        <label htmlFor="a-since">From</label>
        <input id="a-since" type="date" value={filters.since} onChange={set("since")} {...dateProps("since")} />
        <label htmlFor="a-until">To</label>
        <input id="a-until" type="date" value={filters.until} onChange={set("until")} {...dateProps("until")} />
        {dateProblem && <span id="a-dates-error" className="error small" role="alert">{dateProblem}</span>}
        {Object.values(filters).some(Boolean) && <button type="button" className="small" onClick={() => { setOffset(0); setFilters(EMPTY); }}>Clear filters</button>}
      </form>
      {error && <p className="banner error" role="alert">{error}</p>}
      {otherProblems.map(([k, said]) => <p key={k} className="banner error" role="alert">{LABELS[k] || k}: {said}</p>)}
      {page && items.length === 0 && <div className="empty">Nothing matches. Changes people make show up here as they happen.</div>}
      {items.length > 0 && (
        <table className="data audit" aria-label="Audit log">
          <thead><tr><th>When</th><th>Who</th><th>Action</th><th>Object</th><th>What happened</th></tr></thead>
          <tbody>
            {items.map((e) => (
              <AuditRow key={e.id} e={e} open={open === e.id} toggle={() => setOpen(open === e.id ? null : e.id)} catalog={catalog} names={names}
                onObject={() => { setOffset(0); setFilters({ ...filters, object: e.object }); }} />
            ))}
          </tbody>
        </table>
      )}
      {items.length > 0 && <TimeZoneNote />}
      {page && total > 0 && (
        <div className="pager">
          <span className="muted small">{offset + 1}–{Math.min(offset + PAGE, total)} of {total}</span>
          <button type="button" className="small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>Newer</button>
          <button type="button" className="small" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>Older</button>
        </div>
      )}
    </main>
  );
}

/** A journey's steps by their names (its published versions), for its entries' changes: loaded
 *  when one is opened; null until then, or when they cannot be read (ids stay shown). */
function useStepNames(journeyId) {
  const [stepName, setStepName] = useState(null);
  useEffect(() => {
    if (!journeyId) return undefined;
    let alive = true;
    listVersions(journeyId).then((versions) => alive && setStepName(() => versionNodeNames(versions))).catch(() => {});
    return () => { alive = false; };
  }, [journeyId]);
  return stepName;
}

function AuditRow({ e, open, toggle, onObject, catalog, names }) {
  const stepName = useStepNames(open && e.target_type === "journey" && e.target_id ? e.target_id : null);
  const rows = changeRows(e.changes, e.action, catalog, stepName);
  const link = auditLink(e);
  return (
    <>
      <tr>
        <td className="nowrap"><Moment at={e.at} /></td>
        <td><span title={ACTOR_KINDS[e.actor_type] || e.actor_type}>{e.actor}</span> <span className="muted small">{ACTOR_KINDS[e.actor_type] || e.actor_type}</span></td>
        <td title={e.action}>{actionWords(e.action)}</td>
        <td>
          <button type="button" className="link-button" title="Only this object's changes" onClick={onObject}>{objectWords(e.object, names)}</button>
          {link && <> · <Link to={link} aria-label={`Open ${objectWords(e.object, names)}`}>open</Link></>}
        </td>
        <td>
          {e.summary}
          {rows.length > 0 && (
            <> <button type="button" className="link-button small" aria-expanded={open} onClick={toggle}>{open ? "Hide changes" : `Changes (${rows.length})`}</button></>
          )}
        </td>
      </tr>
      {open && (
        <tr className="audit-changes-row">
          <td colSpan={5}>
            <table className="data changes" aria-label={`Changes of entry ${e.id}`}>
              <thead><tr><th>Field</th><th>Before</th><th>After</th></tr></thead>
              <tbody>
                {rows.map((r) => <tr key={r.field}><td>{r.field}</td><td>{r.before}</td><td>{r.after}</td></tr>)}
              </tbody>
            </table>
          </td>
        </tr>
      )}
    </>
  );
}
