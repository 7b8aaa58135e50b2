// /outbound — webhook calls journeys made (SPEC §9): status, response code and time, the first
// bytes of the response, filters; a failed call can be retried (admins, CSMs). Admins also
// manage the secrets header values use, and the signing secret (shown once).
import { useEffect, useState } from "react";
import { listWebhookCalls, retryWebhookCall } from "../api/webhooks.js";
import { useCanEdit } from "../session-context.js";
import SecretsPanel from "./SecretsPanel.jsx";
import Moment, { TimeZoneNote } from "../components/Moment.jsx";

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

export default function OutboundPage({ isAdmin = false }) {
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  const [status, setStatus] = useState("");
  const [host, setHost] = useState("");
  const [account, setAccount] = useState("");
  const [open, setOpen] = useState(null);
  const canEdit = useCanEdit();

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
      <h1>Outbound</h1>
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
      {isAdmin && <SecretsPanel />}
    </main>
  );
}

function CallRow({ call, open, toggle, onRetry }) {
  return (
    <>
      <tr>
        <td><button type="button" className="link-button" onClick={toggle} aria-expanded={open}>{call.method} {call.url}</button></td>
        <td>{call.account ? call.account.name || call.account.external_id : ""}</td>
        <td>{call.journey ? call.journey.name : ""}</td>
        <td className={call.status === "uncertain" ? "warn" : undefined}>
          {WEBHOOK_STATUS_WORDS[call.status] || call.status}{call.status === "queued" && call.next_attempt_at ? <> · next <Moment at={call.next_attempt_at} /></> : ""}
          {STATUS_NOTES[call.status] && <div className="muted small">{STATUS_NOTES[call.status]}</div>}
        </td>
        <td>{call.response_status ? `${call.response_status} in ${call.duration_ms} ms` : call.error ? "—" : ""}</td>
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
