// /suppressions — addresses that get no journey email (SPEC §8): people who unsubscribed (the
// link in an email, or their mail program's one-click button) and addresses an admin added.
// Admins add and lift them; everyone may look. Staff alerts and transactional emails still go.
import { useCallback, useEffect, useState } from "react";
import { Link } from "react-router";
import { addSuppression, listSuppressions, removeSuppression } from "../api/emails.js";
import ConfirmButton from "../components/ConfirmButton.jsx";
import { useCurrentUser } from "../session-context.js";
import Moment from "../components/Moment.jsx";
import { outboxStepName } from "./OutboxPage.jsx";

const SOURCES = { link: "the link in an email", one_click: "their mail program's unsubscribe button", api: "an admin" };

/** "Unsubscribed through the link in an email" / "Added by an admin: bounced". */
export function suppressionReason(s) {
  if (s.reason === "unsubscribed") return `Unsubscribed through ${SOURCES[s.source] || s.source}`;
  return `Added by ${s.created_by || "an admin"}${s.note ? `: ${s.note}` : ""}`;
}

/** Where an unsubscribe came from: the journey (linked) and its step, named as the Outbox names
 * them (the step's label on the canvas, else its kind: "Nudge", "Send email"), or nothing. */
export function SuppressionOrigin({ s }) {
  if (!s.journey) return <span className="muted">—</span>;
  const step = s.step ? outboxStepName(s.step) : s.node_id;
  return <><Link to={`/journeys/${s.journey.id}`}>{s.journey.name || s.journey.key || `journey ${s.journey.id}`}</Link>{step ? ` · ${step}` : ""}</>;
}

export default function SuppressionsPage() {
  const isAdmin = useCurrentUser()?.role === "admin";
  const [query, setQuery] = useState("");
  const [page, setPage] = useState(null);
  const [error, setError] = useState(null);
  const [form, setForm] = useState({ address: "", note: "" });
  const [notice, setNotice] = useState(null);

  const load = useCallback(() => listSuppressions({ q: query.trim() || undefined })
    .then((r) => { setPage(r); setError(null); }).catch((e) => setError(e.message)), [query]);
  useEffect(() => { load(); }, [load]);

  async function add(e) {
    e.preventDefault();
    try {
      const made = await addSuppression(form.address.trim(), form.note.trim() || undefined);
      setNotice({ kind: "success", text: `${made.address} gets no more journey emails.` });
      setForm({ address: "", note: "" });
      load();
    } catch (err) {
      setNotice({ kind: "error", text: `Not added: ${err.message}` });
    }
  }

  async function lift(address) {
    try {
      await removeSuppression(address);
      setNotice({ kind: "success", text: `${address} gets journey emails again.` });
      load();
    } catch (err) {
      setNotice({ kind: "error", text: `Not lifted: ${err.message}` });
    }
  }

  return (
    <main className="page">
      <h1>Suppressions</h1>
      <p className="muted">These addresses get no journey emails; the journey step says “skipped: unsubscribed”.
        Alerts to staff and transactional emails still go.</p>
      {notice && <p className={`banner ${notice.kind}`} role={notice.kind === "error" ? "alert" : "status"}>{notice.text}</p>}
      {!isAdmin && <p className="muted small">Only admins can add or lift suppressions; you can look.</p>}
      {isAdmin && (
        <form className="toolbar" aria-label="Suppress an address" onSubmit={add}>
          <input aria-label="Address to suppress" type="email" placeholder="ana@customer.example" value={form.address}
            onChange={(e) => setForm({ ...form, address: e.target.value })} />
          <input aria-label="Note" placeholder="why (optional)" value={form.note}
            onChange={(e) => setForm({ ...form, note: e.target.value })} />
          <button type="submit" className="primary" disabled={!form.address.trim()}>Suppress</button>
        </form>
      )}
      <div className="toolbar filters">
        <input aria-label="Search addresses" placeholder="Search addresses" value={query} onChange={(e) => setQuery(e.target.value)} />
        {page && <span className="muted small">{page.total} suppressed</span>}
      </div>
      {error && <p className="banner error" role="alert">Could not load the suppressions: {error}</p>}
      {page && page.items.length === 0 && <div className="empty">{query ? "No suppressed address matches." : "Nobody has unsubscribed."}</div>}
      {page && page.items.length > 0 && (
        <table className="data" aria-label="Suppressed addresses">
          <thead><tr><th>Address</th><th>Why</th><th>From</th><th>Since</th><th><span className="visually-hidden">Actions</span></th></tr></thead>
          <tbody>{page.items.map((s) => (
            <tr key={s.address}>
              <td>{s.address}</td>
              <td>{suppressionReason(s)}</td>
              <td><SuppressionOrigin s={s} /></td>
              <td className="nowrap"><Moment at={s.created_at} /></td>
              <td>{isAdmin && (
                <ConfirmButton className="small" question={`Send journey emails to ${s.address} again?`} confirmLabel="Lift" onConfirm={() => lift(s.address)}>
                  Lift
                </ConfirmButton>
              )}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
    </main>
  );
}
