// /outbox — emails journeys sent or queued, with status and the rendered body. An email whose
// delivery is uncertain (a worker stopped mid-send) or failed can be sent again, knowingly:
// "Resend…" asks first, saying the message may already have reached the recipient.
// Support answers "did X get the email?" with a search by recipient address or account, a journey
// filter, and pages of PAGE_SIZE ("1–100 of 340", Previous / Next): the server filters and counts.
import { useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { listOutboxPage, resendEmail } from "../api/tasks.js";
import { listJourneys } from "../api/journeys.js";
import { OUTBOX_STATUSES, RESENDABLE, outboxStatusWords } from "../components/outboxStatus.js";
import { useCanEdit } from "../session-context.js";
import { stepName } from "../graph/nodeKinds.js";
import Moment, { TimeZoneNote } from "../components/Moment.jsx";

/** The step an email came from (the API's `step`: {id, label, type, action}), named as the canvas names it. */
export function outboxStepName(step) {
  if (!step) return "";
  if (!step.type) return step.label || step.id; // no longer in the graph: what is left of it
  return stepName({ type: step.type, data: { label: step.label, config: step.action ? { action: step.action } : undefined } });
}

export const PAGE_SIZE = 100;
const DEBOUNCE_MS = 250;

/** "Showing 1–100 of 340" ("of more than 10,000" past the server's count cap); "" when nothing is shown. */
export function outboxRange(offset, shown, total, more = false) {
  if (!shown) return "";
  return `Showing ${offset + 1}–${offset + shown} of ${more ? `more than ${total.toLocaleString("en-US")}` : total}`;
}

/** The journeys for the Journey filter (a nicety: the filter is left out when they cannot be read). */
function useJourneys() {
  const [journeys, setJourneys] = useState([]);
  useEffect(() => {
    let alive = true;
    listJourneys().then((j) => alive && setJourneys(j)).catch(() => {});
    return () => { alive = false; };
  }, []);
  return journeys;
}

export default function OutboxPage() {
  const [result, setResult] = useState(null); // {items, total, offset}: the page shown
  const [error, setError] = useState(null);
  const [open, setOpen] = useState(null);
  // the filters and the page live in the URL, so a filtered view can be shared and Back returns to it
  const [params, setParams] = useSearchParams();
  const status = params.get("status") || "";
  const journey = params.get("journey") || "";
  const q = (params.get("q") || "").trim();
  const offset = Math.max(0, Math.floor(Number(params.get("offset")) || 0));
  const setFilters = (patch, replace = true) => setParams((prev) => {
    const next = new URLSearchParams(prev);
    for (const [k, v] of Object.entries(patch)) {
      if (v === "" || v === 0 || v === null || v === undefined) next.delete(k); else next.set(k, String(v));
    }
    return next;
  }, { replace });
  const setOffset = (n) => setFilters({ offset: n }, false);
  const [text, setText] = useState(q);
  const [loading, setLoading] = useState(false);
  const [resending, setResending] = useState(null);
  const [notice, setNotice] = useState(null);
  const canEdit = useCanEdit();
  const journeys = useJourneys();

  // the search box, debounced; any filter change goes back to the first page
  useEffect(() => {
    if (text.trim() === q) return undefined;
    const t = setTimeout(() => setFilters({ q: text.trim(), offset: 0 }), DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [text, q]); // eslint-disable-line react-hooks/exhaustive-deps
  // the URL's search changed under the box (Back, a shared link): the box shows it
  useEffect(() => { setText((t) => (t.trim() === q ? t : q)); }, [q]);

  useEffect(() => {
    let alive = true;
    setLoading(true);
    listOutboxPage({ status, q, journey, limit: PAGE_SIZE, offset })
      .then((r) => alive && (setResult({ items: r.items || [], total: r.total ?? (r.items || []).length, more: !!r.total_is_more, offset }), setError(null)))
      .catch((e) => alive && setError(e.message))
      .finally(() => alive && setLoading(false));
    return () => { alive = false; };
  }, [status, q, journey, offset]);

  const items = result?.items || null;
  const total = result?.total ?? 0;
  const more = !!result?.more;
  const filtered = !!(status || q || journey);
  const setItems = (change) => setResult((r) => ({ ...r, items: change(r.items) }));

  return (
    <main className="page">
      <h1>Outbox</h1>
      <form className="toolbar filters" role="search" aria-label="Filter emails" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="o-q">Find (recipient address or account)</label>
        <input id="o-q" type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="ann@acme.com or Acme"
          autoComplete="off" maxLength={254} />
        <label htmlFor="o-status">Status</label>
        <select id="o-status" value={status} onChange={(e) => setFilters({ status: e.target.value, offset: 0 })}>
          <option value="">Any</option>
          {OUTBOX_STATUSES.map((s) => <option key={s} value={s}>{outboxStatusWords(s)}</option>)}
        </select>
        {journeys.length > 0 && (
          <>
            <label htmlFor="o-journey">Journey</label>
            <select id="o-journey" value={journey} onChange={(e) => setFilters({ journey: e.target.value, offset: 0 })}>
              <option value="">Any</option>
              {journeys.map((j) => <option key={j.id} value={String(j.id)}>{j.name || j.key}</option>)}
            </select>
          </>
        )}
      </form>
      {error && <p className="banner error" role="alert">{error}</p>}
      {notice && <p className="banner info" role="status" aria-label="Resent">{notice}</p>}
      {items && items.length > 0 && (
        <nav className="toolbar pager" aria-label="Email pages">
          <span className="pager-count" aria-live="polite">{outboxRange(result.offset, items.length, total, more)}</span>
          {total > PAGE_SIZE && (
            <>
              <button type="button" className="small" disabled={offset === 0 || loading} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>Previous</button>
              <button type="button" className="small" disabled={(more ? items.length < PAGE_SIZE : offset + PAGE_SIZE >= total) || loading} onClick={() => setOffset(offset + PAGE_SIZE)}>Next</button>
            </>
          )}
        </nav>
      )}
      {items && items.length === 0 && (
        <div className="empty">{total > 0 ? "No emails on this page."
          : filtered ? `No email matches${q ? ` “${q}”` : ""}${status || journey ? " with these filters" : ""}.`
            : "No emails yet. Journeys with a “Send email” step put their emails here."}</div>
      )}
      {items && items.length > 0 && (
        <table className="data" aria-label="Emails">
          <thead><tr><th>Subject</th><th>To</th><th>From</th><th>Account</th><th>Journey</th><th>Step</th><th>Status</th><th>Created</th><th>Sent</th></tr></thead>
          <tbody>
            {items.map((m) => (
              <FragmentRow key={m.id} m={m} open={open === m.id} toggle={() => setOpen(open === m.id ? null : m.id)}
                onResend={canEdit && RESENDABLE.has(m.status) ? () => { setNotice(null); setResending(m); } : null} />
            ))}
          </tbody>
        </table>
      )}
      {items && items.length > 0 && <TimeZoneNote />}
      {resending && (
        <ResendDialog email={resending} onCancel={() => setResending(null)}
          onResent={(sent) => {
            setItems((list) => list.map((m) => (m.id === sent.id ? sent : m)));
            setResending(null);
            setNotice(`“${sent.subject}” to ${sent.to} is queued to be sent again.`);
          }} />
      )}
    </main>
  );
}

/** "Resend this email?" — what may already have happened, then Cancel or Resend anyway. */
export function ResendDialog({ email, onCancel, onResent }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const uncertain = email.status === "uncertain";
  const resend = async () => {
    setBusy(true);
    setError(null);
    try {
      onResent(await resendEmail(email.id));
    } catch (e) {
      setError(e.message);
      setBusy(false);
    }
  };
  return (
    <div className="modal-backdrop">
      <div className="modal" role="alertdialog" aria-modal="true" aria-labelledby="resend-title" aria-describedby="resend-text">
        <h2 id="resend-title">Resend “{email.subject || "(no subject)"}”?</h2>
        <p id="resend-text">
          {uncertain
            ? <>This message may already have reached {email.to}: the worker sending it stopped after the mail server may have accepted it, so we cannot tell whether it arrived.</>
            : <>Sending this message to {email.to} failed{email.error ? ` (${email.error})` : ""}, but it may already have reached the recipient all the same.</>}
          {" "}If you resend it, they may get it twice. Resend only if you know it did not arrive.
        </p>
        {error && <p className="banner error" role="alert">{error}</p>}
        <div className="field-row">
          <button type="button" autoFocus onClick={onCancel} disabled={busy}>Cancel</button>
          <button type="button" className="danger" onClick={resend} disabled={busy}>{busy ? "Resending…" : "Resend anyway"}</button>
        </div>
      </div>
    </div>
  );
}

function FragmentRow({ m, open, toggle, onResend }) {
  return (
    <>
      <tr>
        <td><button type="button" className="link-button" aria-expanded={open} onClick={toggle}>{m.subject || "(no subject)"}</button></td>
        <td>{Array.isArray(m.to) ? m.to.join(", ") : m.to}</td>
        <td>{m.from}</td>
        <td>{m.account ? <Link to={`/accounts/${encodeURIComponent(m.account.external_id)}`}>{m.account.name || m.account.external_id}</Link> : ""}</td>
        <td>{m.journey ? <Link to={`/journeys/${m.journey.id}`}>{m.journey.name || m.journey.key}</Link> : <span className="muted">—</span>}</td>
        <td>{m.step ? outboxStepName(m.step) : <span className="muted">—</span>}</td>
        <td>
          <span className={`badge ${m.status === "failed" ? "bad" : m.status === "uncertain" ? "uncertain" : ""}`} title={m.status}>{outboxStatusWords(m.status)}</span>
          {m.error && <div className="error small">{m.error}</div>}
          {onResend && <button type="button" className="small" aria-label={`Resend ${m.subject || "email"} to ${m.to}`} onClick={onResend}>Resend…</button>}
        </td>
        <td className="nowrap"><Moment at={m.created_at} /></td>
        <td className="nowrap"><Moment at={m.sent_at} /></td>
      </tr>
      {open && (
        <tr className="email-body-row">
          <td colSpan={9}>
            {m.journey && (
              <p className="muted small" data-testid="email-origin">
                From the step “{outboxStepName(m.step)}” of the journey <Link to={`/journeys/${m.journey.id}`}>{m.journey.name || m.journey.key}</Link>.
              </p>
            )}
            {m.html_body && <iframe className="email-frame" title={`Email: ${m.subject}`} sandbox="" srcDoc={m.html_body} />}
            {!m.html_body && /<[a-z][\s\S]*>/i.test(m.body || "")
              ? <iframe className="email-frame" title={`Email: ${m.subject}`} sandbox="" srcDoc={m.body} />
              : <pre className="email-body" aria-label={m.html_body ? "Text part" : undefined}>{m.body}</pre>}
          </td>
        </tr>
      )}
    </>
  );
}
