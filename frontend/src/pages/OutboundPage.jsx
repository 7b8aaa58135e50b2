// /outbound — webhook calls journeys made (SPEC §9): status (a call that keeps failing says so
// in its row: the attempt, the last error, the next try and when it gives up), response code and
// time, the first bytes of the response, filters; a failed call can be retried (admins, CSMs).
// Admins also manage the secrets header values use, and the signing secret (shown once); with no
// signing secret, making one comes first, above the calls (every webhook step fails without it).
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { listWebhookCalls, retryWebhookCall } from "../api/webhooks.js";
import { useCanEdit } from "../session-context.js";
import SecretsPanel, { SigningSecretNotice, useSecrets } from "./SecretsPanel.jsx";
import Moment, { TimeZoneNote } from "../components/Moment.jsx";
import { momentWords as when } from "../components/dates.js";

export const WEBHOOK_STATUS_WORDS = {
  queued: "Waiting to send (or to retry)",
  sending: "Sending",
  sent: "Sent",
  failed: "Failed",
  uncertain: "Uncertain",
};
const STATUS_NOTES = {
  uncertain: "a worker stopped mid-call; resent with the same Idempotency-Key, so the receiver can drop a duplicate",
};

/** Why the last attempt did not succeed, in a few words: its error, else the HTTP status. */
const lastProblem = (call) => call.error || (call.response_status ? `HTTP ${call.response_status}` : "");

/**
 * The Status cell's words. A queued call that was tried already is retrying, and says so with
 * its attempt, the last error, the next try and when it gives up — trouble seen without a click:
 * "Retrying — attempt 6: cannot resolve crm.example.com; next try at …; gives up at …".
 */
export function callStatusWords(call) {
  if (call.status === "queued" && call.attempts > 0) {
    const parts = [`Retrying — attempt ${call.attempts}${lastProblem(call) ? `: ${lastProblem(call)}` : ""}`];
    if (call.next_attempt_at) parts.push(`next try at ${when(call.next_attempt_at)}`);
    if (call.retry_until) parts.push(`gives up at ${when(call.retry_until)}`);
    return parts.join("; ");
  }
  if (call.status === "queued") return `Waiting to send${call.next_attempt_at ? ` · ${when(call.next_attempt_at)}` : ""}`;
  if (call.status === "failed" && call.error) return `Failed: ${call.error}`;
  return WEBHOOK_STATUS_WORDS[call.status] || call.status;
}

export default function OutboundPage({ isAdmin = false }) {
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  const [status, setStatus] = useState("");
  const [host, setHost] = useState("");
  const [account, setAccount] = useState("");
  const [open, setOpen] = useState(null);
  const canEdit = useCanEdit();
  const secrets = useSecrets({ skip: !isAdmin }); // GET /api/secrets is for admins

  useEffect(() => {
    let alive = true;
    listWebhookCalls({ status, host, account })
      .then((r) => alive && (setItems(r), setError(null)))
      .catch((e) => alive && setError(e.message));
    return () => { alive = false; };
  }, [status, host, account]);

  const retry = async (call) => {
    try {
      const again = await retryWebhookCall(call.id);
      setItems((list) => list.map((c) => (c.id === again.id ? again : c)));
    } catch (e) {
      setError(e.message);
    }
  };

  return (
    <main className="page">
      <h1>Webhooks</h1>
      <p className="muted">Every call a journey's webhook step made, newest first: its status, attempts and the reply.</p>
      {isAdmin && <SigningSecretNotice secrets={secrets} />}
      <div className="toolbar filters">
        <label htmlFor="w-status">Status</label>
        <select id="w-status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">Any</option>
          {Object.entries(WEBHOOK_STATUS_WORDS).map(([s, w]) => <option key={s} value={s}>{w}</option>)}
        </select>
        <label htmlFor="w-host">Host</label>
        <input id="w-host" value={host} onChange={(e) => setHost(e.target.value.trim())} placeholder="hooks.example.com" />
        <label htmlFor="w-account">Account</label>
        <input id="w-account" value={account} onChange={(e) => setAccount(e.target.value.trim())} placeholder="external id" />
      </div>
      {error && <p className="banner error" role="alert">{error}</p>}
      {items && items.length === 0 && <div className="empty">No webhook calls yet. Journeys with a “Webhook” step list their calls here.</div>}
      {items && items.length > 0 && (
        <table className="data" aria-label="Webhook calls">
          <thead><tr><th>Request</th><th>Account</th><th>Journey</th><th>Status</th><th>Response</th><th>Tries</th><th>Created</th><th /></tr></thead>
          <tbody>
            {items.map((c) => (
              <CallRow key={c.id} call={c} open={open === c.id} toggle={() => setOpen(open === c.id ? null : c.id)}
                onRetry={canEdit && c.status === "failed" ? () => retry(c) : null} />
            ))}
          </tbody>
        </table>
      )}
      {items && items.length > 0 && <TimeZoneNote />}
      {isAdmin && <SecretsPanel secrets={secrets} />}
    </main>
  );
}

/** Retrying and uncertain calls are a warning; failed ones an error. */
function statusTone(call) {
  if (call.status === "failed") return "error";
  if (call.status === "uncertain" || (call.status === "queued" && call.attempts > 0)) return "warn";
  return undefined;
}

function CallRow({ call, open, toggle, onRetry }) {
  return (
    <>
      <tr>
        <td><button type="button" className="link-button" onClick={toggle} aria-expanded={open}>{call.method} {call.url}</button></td>
        <td>{call.account ? <Link to={`/accounts/${encodeURIComponent(call.account.external_id)}`}>{call.account.name || call.account.external_id}</Link> : ""}</td>
        <td>{call.journey ? <Link to={`/journeys/${call.journey.id}`}>{call.journey.name}</Link> : ""}</td>
        <td className={statusTone(call)} data-testid="call-status">
          {callStatusWords(call)}
          {STATUS_NOTES[call.status] && <div className="muted small">{STATUS_NOTES[call.status]}</div>}
        </td>
        <td>{call.response_status ? `${call.response_status} in ${call.duration_ms} ms` : call.error ? <span className="muted">no response</span> : ""}</td>
        <td>{call.attempts}</td>
        <td className="nowrap"><Moment at={call.created_at} /></td>
        <td>{onRetry && <button type="button" onClick={onRetry}>Retry</button>}</td>
      </tr>
      {open && (
        <tr className="details">
          <td colSpan={8}>
            {call.error && <p className="error">{call.error}</p>}
            <h3>Request</h3>
            <pre>{Object.entries(call.request?.headers || {}).map(([k, v]) => `${k}: ${v}`).join("\n")}{"\n\n"}{call.request?.body || ""}</pre>
            <h3>Response {call.response_status ? `(HTTP ${call.response_status})` : ""}</h3>
            <pre>{call.response_excerpt || "(none)"}</pre>
          </td>
        </tr>
      )}
    </>
  );
}
