// /outbox — emails journeys sent or queued, with status and the rendered body.
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { listOutbox } from "../api/tasks.js";
import { OUTBOX_STATUSES, outboxStatusWords } from "../components/outboxStatus.js";

const when = (t) => (t ? new Date(t).toLocaleString() : "");

export default function OutboxPage() {
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  const [open, setOpen] = useState(null);
  const [status, setStatus] = useState("");

  useEffect(() => {
    let alive = true;
    listOutbox({ status }).then((r) => alive && (setItems(r), setError(null))).catch((e) => alive && setError(e.message));
    return () => { alive = false; };
  }, [status]);

  return (
    <main className="page">
      <h1>Outbox</h1>
      <div className="toolbar filters">
        <label htmlFor="o-status">Status</label>
        <select id="o-status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">Any</option>
          {OUTBOX_STATUSES.map((s) => <option key={s} value={s}>{outboxStatusWords(s)}</option>)}
        </select>
      </div>
      {error && <p className="banner error" role="alert">{error}</p>}
      {items && items.length === 0 && <div className="empty">No emails yet. Journeys with a “Send email” step put their emails here.</div>}
      {items && items.length > 0 && (
        <table className="data" aria-label="Emails">
          <thead><tr><th>Subject</th><th>To</th><th>From</th><th>Account</th><th>Status</th><th>Created</th><th>Sent</th></tr></thead>
          <tbody>
            {items.map((m) => (
              <FragmentRow key={m.id} m={m} open={open === m.id} toggle={() => setOpen(open === m.id ? null : m.id)} />
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

function FragmentRow({ m, open, toggle }) {
  return (
    <>
      <tr>
        <td><button type="button" className="link-button" aria-expanded={open} onClick={toggle}>{m.subject || "(no subject)"}</button></td>
        <td>{Array.isArray(m.to) ? m.to.join(", ") : m.to}</td>
        <td>{m.from}</td>
        <td>{m.account ? <Link to={`/accounts/${encodeURIComponent(m.account.external_id)}`}>{m.account.name || m.account.external_id}</Link> : ""}</td>
        <td><span className={`badge ${m.status === "failed" ? "bad" : ""}`} title={m.status}>{outboxStatusWords(m.status)}</span>{m.error && <div className="error small">{m.error}</div>}</td>
        <td>{when(m.created_at)}</td>
        <td>{when(m.sent_at)}</td>
      </tr>
      {open && (
        <tr className="email-body-row">
          <td colSpan={7}>
            {/<[a-z][\s\S]*>/i.test(m.body || "")
              ? <iframe className="email-frame" title={`Email: ${m.subject}`} sandbox="" srcDoc={m.body} />
              : <pre className="email-body">{m.body}</pre>}
          </td>
        </tr>
      )}
    </>
  );
}
