// /suppressions — addresses that get no journey email (SPEC §8): people who unsubscribed (the
// link in an email, or their mail program's one-click button) and addresses an admin added.
// Admins add and lift them; everyone may look. Staff alerts and transactional emails still go.
import { useCallback, useEffect, useState } from "react";
import { Link } from "react-router";
import { addSuppression, listSuppressions, removeSuppression } from "../api/emails.js";
import ConfirmButton from "../components/ConfirmButton.jsx";
import { clearField, formProblem } from "../catalog/apiErrors.js";
import { useCurrentUser } from "../session-context.js";
import Moment from "../components/Moment.jsx";
import { outboxStepName } from "./OutboxPage.jsx";

// The add form's fields as it labels them, and what a refused one needs (the API's words are
// "Length must be between 3 and 254.", "Must be an email address such as …").
const LABELS = { address: "Address", note: "Note" };
const WORDS = {
  address: "Address: type one email address, such as ana@customer.example (at most 254 characters).",
  note: "Note: at most 1000 characters.",
};

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
  const [problem, setProblem] = useState(null); // a refused add: messages by the fields

  const load = useCallback(() => listSuppressions({ q: query.trim() || undefined })
    .then((r) => { setPage(r); setError(null); }).catch((e) => setError(e.message)), [query]);
  useEffect(() => { load(); }, [load]);

  async function add(e) {
    e.preventDefault();
    setProblem(null);
    try {
      const made = await addSuppression(form.address.trim(), form.note.trim() || undefined);
      setNotice({ kind: "success", text: `${made.address} gets no more journey emails.` });
      setForm({ address: "", note: "" });
      load();
    } catch (err) {
      const said = formProblem(err, LABELS, WORDS);
      setProblem(said.byField ? said : null);
      setNotice({ kind: "error", text: `Not added: ${said.message}`, byField: said.byField });
    }
  }

  const edit = (key) => (e) => {
    setForm({ ...form, [key]: e.target.value });
    const next = clearField(problem, key);
    setProblem(next);
    if (!next && notice?.byField) setNotice(null); // the banner pointed at the fields just fixed
  };
  const fieldError = (key) => problem?.fields[key];
  const errorProps = (key) => (fieldError(key) ? { "aria-invalid": true, "aria-describedby": `suppress-${key}-error` } : {});

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
        <form className="toolbar filters" aria-label="Suppress an address" onSubmit={add}>
          <label htmlFor="suppress-address">Address</label>
          <input id="suppress-address" aria-label="Address to suppress" type="email" size={30} placeholder="such as ana@customer.example" value={form.address}
            {...errorProps("address")} onChange={edit("address")} />
          <label htmlFor="suppress-note">Why</label>
          <input id="suppress-note" aria-label="Note" placeholder="optional" value={form.note}
            {...errorProps("note")} onChange={edit("note")} />
          <button type="submit" className="primary" disabled={!form.address.trim()}>Suppress</button>
          {Object.keys(LABELS).filter(fieldError).map((key) => (
            <span key={key} id={`suppress-${key}-error`} className="error small">{fieldError(key)}</span>
          ))}
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
