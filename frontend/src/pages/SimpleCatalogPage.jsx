// /catalog/playbooks, /attributes, /milestones, /outcomes, /users — a table of rows, each editable
// in place, a form to add one, and delete with confirmation (the API's refusal shown readably).
import { useCallback, useEffect, useState } from "react";
import { catalogResource } from "../api/admin.js";
import { useCatalog } from "../inspector/catalogContext.js";
import ConfirmButton from "../components/ConfirmButton.jsx";
import FormField, { slugify } from "../catalog/FormField.jsx";
import { clearField, formProblem, refusalText } from "../catalog/apiErrors.js";
import { useCatalogReload } from "../catalog/catalogReload.js";
import { useCurrentUser } from "../session-context.js";

const TYPES = [["number", "Number"], ["text", "Text"], ["date", "Date"], ["boolean", "Yes / no"]];
const ROLES = [["admin", "Admin"], ["csm", "CSM"], ["sales_manager", "Sales manager"], ["support", "Support (read-only)"]];

const KEY_FIELD = { name: "key", label: "Key", id: true, hint: "What rules and journeys refer to: lowercase letters, digits, - and _. It cannot change later." };
const NAME_FIELD = { name: "name", label: "Name", title: true };

/** Each kind: title, what one is called, its fields ({name, label, type, options, id, title,
 * invalid: what to type when the API refuses the value, in words; hint, and newHint: the hint on
 * an Add form when it differs}) and intro. */
export const KINDS = {
  playbooks: { title: "Playbooks", one: "playbook", intro: "Named sets of CSM tasks a journey can enroll an account in.",
    fields: [NAME_FIELD, KEY_FIELD, { name: "due_in_days", label: "Due in (days)", type: "number", initial: 14,
      invalid: "Due in (days): type a number of days, 0 or more (at most 3650)." }] },
  attributes: { title: "Custom attributes", one: "attribute", intro: "Account fields of your own, usable in rules, emails and attribute steps.",
    fields: [{ name: "label", label: "Label", title: true }, KEY_FIELD,
      { name: "type", label: "Type", type: "select", options: TYPES, initial: "number", hint: "The type can change only while no account has a value." }] },
  milestones: { title: "Milestones", one: "milestone", intro: "Achievements an account has met or not (set by the API or a journey), usable in rules.",
    fields: [NAME_FIELD, KEY_FIELD] },
  outcomes: { title: "Outcomes", one: "outcome", intro: "Results an account has reached or not (renewed, churned…), usable in rules.",
    fields: [NAME_FIELD, KEY_FIELD] },
  users: { title: "Staff users", one: "staff user", idField: "email",
    intro: "Admins, CSMs, sales managers and support. With a password they can log in here; CSMs can be assigned to accounts.",
    fields: [NAME_FIELD, { name: "email", label: "Email", type: "email", id: true },
      { name: "role", label: "Role", type: "select", options: ROLES, initial: "csm" },
      { name: "password", label: "Password", type: "password", optional: true, hint: "At least 8 characters; leave empty to keep it.",
        newHint: "At least 8 characters; leave empty to make a user who cannot log in." }] },
};

const idOf = (kind) => KINDS[kind].idField || "key";

function blank(kind) {
  return Object.fromEntries(KINDS[kind].fields.map((f) => [f.name, f.initial ?? ""]));
}

function shown(field, value) {
  if (field.type === "select") return (field.options.find(([v]) => v === value) || [value, value])[1];
  if (field.type === "password") return null;
  return value;
}

/** Only what the API takes: numbers as numbers, an empty optional field left out, ids only on create. */
function bodyOf(kind, values, creating) {
  const out = {};
  for (const f of KINDS[kind].fields) {
    if (f.id && !creating) continue;
    let v = values[f.name];
    if (f.optional && (v === "" || v === undefined)) continue;
    if (f.type === "number") v = v === "" ? null : Number(v);
    out[f.name] = v;
  }
  return out;
}

function RowForm({ kind, values, creating, onSubmit, onCancel, submitLabel }) {
  const [form, setForm] = useState(values);
  const [keyEdited, setKeyEdited] = useState(!creating);
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);
  const { fields, one } = KINDS[kind];
  const title = fields.find((f) => f.title);
  const suggestsKey = (f) => f === title && creating && !keyEdited && kind !== "users";
  const set = (f, v) => {
    setForm((prev) => {
      const next = { ...prev, [f.name]: v };
      if (suggestsKey(f)) next.key = slugify(v).replace(/-/g, kind === "attributes" ? "_" : "-");
      return next;
    });
    // what was said about a field goes once it changes (the key changes with the title)
    setProblem((p) => (suggestsKey(f) ? clearField(clearField(p, f.name), "key") : clearField(p, f.name)));
  };

  async function submit(e) {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await onSubmit(bodyOf(kind, form, creating));
      if (creating) { setForm(blank(kind)); setKeyEdited(false); }
    } catch (err) {
      const words = Object.fromEntries(fields.filter((f) => f.invalid).map((f) => [f.name, f.invalid]));
      const labels = Object.fromEntries(fields.map((f) => [f.name, f.label])); // in form order
      setProblem(formProblem(err, labels, words));
    } finally {
      setBusy(false);
    }
  }

  const errors = problem?.fields || {};
  return (
    <form className="catalog-row-form" aria-label={creating ? `New ${one}` : `Edit ${one}`} onSubmit={submit}>
      {/* at the top: "Check “Password” below." is said above the fields it names */}
      {problem && <p className="banner error" role="alert">Not saved: {problem.message}</p>}
      <div className="field-row">
        {fields.filter((f) => creating || !f.id).map((f) => (
          <FormField key={f.name} label={f.label} error={errors[f.name]} hint={(creating && f.newHint) || f.hint}>
            {(p) => (f.type === "select"
              ? <select {...p} value={form[f.name]} onChange={(e) => set(f, e.target.value)}>
                {f.options.map(([v, label]) => <option key={v} value={v}>{label}</option>)}
              </select>
              : <input {...p} type={f.type || "text"} value={form[f.name] ?? ""} min={f.type === "number" ? 0 : undefined}
                autoComplete={f.type === "password" ? "new-password" : undefined}
                onChange={(e) => { if (f.id) setKeyEdited(true); set(f, e.target.value); }} />)}
          </FormField>
        ))}
      </div>
      <div className="field-row">
        <button type="submit" className="primary" disabled={busy}>{submitLabel}</button>
        {onCancel && <button type="button" onClick={onCancel}>Cancel</button>}
      </div>
    </form>
  );
}

export default function SimpleCatalogPage({ kind, canEdit }) {
  const config = KINDS[kind];
  const resource = catalogResource(kind);
  const idField = idOf(kind);
  const catalog = useCatalog();
  const reloadCatalog = useCatalogReload();
  const me = useCurrentUser();
  const [rows, setRows] = useState(null);
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState(null);
  const [editing, setEditing] = useState(null);
  const [adding, setAdding] = useState(false);
  const load = useCallback(() => catalogResource(kind).list().then((r) => { setRows(r); setError(null); })
    .catch((e) => setError(e.message)), [kind]);
  useEffect(() => { setRows(null); setEditing(null); setAdding(false); setNotice(null); load(); }, [load]);

  const titleField = config.fields.find((f) => f.title).name;
  const label = (row) => `“${row[titleField] || row[idField]}”`;
  const changed = async (text) => {
    setNotice({ kind: "info", text });
    await load();
    reloadCatalog();
  };

  async function remove(row) {
    setNotice(null);
    try {
      await resource.remove(row[idField]);
      await changed(`Deleted ${config.one} ${label(row)}.`);
    } catch (e) {
      setNotice({ kind: "error", text: refusalText(e, catalog, label(row)) });
    }
  }

  const columns = config.fields.filter((f) => f.type !== "password");
  return (
    <section aria-labelledby={`${kind}-title`}>
      <h1 id={`${kind}-title`}>{config.title}</h1>
      <p className="muted">{config.intro}</p>
      {error && <p className="banner error" role="alert">Could not load the {config.title.toLowerCase()}: {error}</p>}
      {notice && <p className={`banner ${notice.kind}`} role={notice.kind === "error" ? "alert" : "status"}>{notice.text}</p>}
      {canEdit && !adding && (
        <p><button type="button" className="primary" onClick={() => setAdding(true)}>{`Add ${/^[aeiou]/.test(config.one) ? "an" : "a"} ${config.one}`}</button></p>
      )}
      {canEdit && adding && (
        <div className="catalog-new">
          <RowForm kind={kind} values={blank(kind)} creating submitLabel={`Add ${config.one}`} onCancel={() => setAdding(false)}
            onSubmit={async (body) => { const made = await resource.create(body); await changed(`Added ${config.one} ${label(made)}.`); }} />
        </div>
      )}
      {rows && rows.length === 0 && <div className="empty">No {config.title.toLowerCase()} yet.</div>}
      {rows && rows.length > 0 && (
        <table className="data" aria-label={config.title}>
          <thead><tr>{columns.map((f) => <th key={f.name}>{f.label}</th>)}{kind === "users" && <th>Can log in</th>}<th><span className="visually-hidden">Actions</span></th></tr></thead>
          <tbody>
            {rows.map((row) => (editing === row[idField] ? (
              <tr key={row[idField]}><td colSpan={columns.length + 2}>
                <RowForm kind={kind} values={{ ...blank(kind), ...row, password: "" }} submitLabel="Save" onCancel={() => setEditing(null)}
                  onSubmit={async (body) => { await resource.update(row[idField], body); setEditing(null); await changed(`Saved ${config.one} ${label({ ...row, ...body })}.`); }} />
              </td></tr>
            ) : (
              <tr key={row[idField]}>
                {columns.map((f) => <td key={f.name}>{shown(f, row[f.name])}</td>)}
                {kind === "users" && <td>{row.can_log_in ? "Yes" : "No"}</td>}
                <td>{canEdit && (
                  <span className="field-row">
                    <button type="button" className="small" onClick={() => setEditing(row[idField])} aria-label={`Edit ${row[titleField] || row[idField]}`}>Edit</button>
                    {!(kind === "users" && row.email === me?.email) && ( // never lock yourself out
                      <ConfirmButton className="danger small" question={`Delete ${config.one} ${label(row)}?`} confirmLabel="Delete" onConfirm={() => remove(row)}>
                        Delete
                      </ConfirmButton>
                    )}
                  </span>
                )}</td>
              </tr>
            )))}
          </tbody>
        </table>
      )}
    </section>
  );
}
