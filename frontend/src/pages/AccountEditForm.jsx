// Editing an account on its page (admins and CSMs): the standard fields, its CSM and sales manager,
// the catalog's custom attributes, its contacts and subscriptions, and its milestones/outcomes.
// Save sends only what changed, with the version the form was opened on (If-Match): when someone
// else — or a journey — changed the account meanwhile, nothing is written and the form offers to
// reload it. What the browser can tell is wrong with a contact (no address, not one, one twice)
// is shown under the row before anything is sent; the server's 422 lands under the row too.
import { useState } from "react";
import { getAccountVersion, patchAccount, setAccountMark } from "../api/accounts.js";
import FormField from "../catalog/FormField.jsx";
import UnsavedChangesGuard from "../components/UnsavedChangesGuard.jsx";
import { MultiCheck } from "../inspector/fields.jsx";
import { names } from "../graph/names.js";
import { MARKS, STAFF, changesOf, customFields, fieldLabels, formOf, isUnchanged, listProblems, markOptions, saveProblem, sentRows, staffOptions,
  standardFields } from "./accountForm.js";
import { clearField, notSavedText } from "../catalog/apiErrors.js";
import { ContactsEditor, SubscriptionsEditor, ValueControl } from "./AccountListEditors.jsx";

const CONFLICT = "conflict";

// The fields of two versions of a list's rows that differ: ["contacts.<key>.<field>", ...].
function changedPaths(list, before, after) {
  const old = new Map(before.map((r) => [r.key, r]));
  const paths = [];
  for (const row of after) {
    const was = old.get(row.key);
    const values = row.values || row;
    for (const [field, value] of Object.entries(values)) if (!was || (was.values || was)[field] !== value) paths.push(`${list}.${row.key}.${field}`);
  }
  return paths;
}

/**
 * account, etag: the account as read and its version. onSaved(account, etag, note): after a save
 * (note: what could not be marked, if anything). onReloaded(account, etag): the account read
 * again after a conflict. onCancel: close the form, discarding the edits. suppressed: Map of the
 * account's contacts' suppressed addresses (lower case) → suppression.
 */
export default function AccountEditForm({ account, etag, catalog, onSaved, onReloaded, onCancel, suppressed }) {
  const [base, setBase] = useState(() => ({ account, etag, form: formOf(account, catalog) })); // what the form started from
  const [form, setForm] = useState(base.form);
  const [problem, setProblem] = useState(null); // {message, fields} or {kind: CONFLICT}
  const [notice, setNotice] = useState(null);
  const [busy, setBusy] = useState(false);
  const [touched, setTouched] = useState(() => new Set()); // row fields left once: their problems show
  const [tried, setTried] = useState(false); // a save was refused here: every problem shows
  const changes = changesOf(base.form, form, catalog);
  const problems = listProblems(form, catalog);
  const unchanged = isUnchanged(changes);
  const externalId = account.external_id;
  const n = names(catalog);

  // a change clears what was said under that field (and the banner with the last of them)
  const set = (key, value) => { setForm((f) => ({ ...f, [key]: value })); setNotice(null); setProblem((p) => clearField(p, key)); };
  const setCustom = (key, value) => { setForm((f) => ({ ...f, custom: { ...f.custom, [key]: value } })); setNotice(null); setProblem((p) => clearField(p, `custom.${key}`)); };
  // A list's rows changed: the server's word on a field just edited no longer applies.
  const setList = (list, rows) => {
    const stale = new Set(changedPaths(list, form[list], rows));
    setProblem((p) => (p?.fields ? { ...p, fields: Object.fromEntries(Object.entries(p.fields).filter(([k]) => !stale.has(k))) } : p));
    set(list, rows);
  };

  async function save() {
    if (unchanged) return true; // nothing to send
    if (Object.keys(problems).length) {
      setTried(true);
      setProblem({ message: notSavedText({ message: "Some fields are not valid", details: problems }, fieldLabels(catalog)), fields: {}, browser: true });
      return false;
    }
    const sent = sentRows(form, catalog);
    setBusy(true);
    setProblem(null);
    setNotice(null);
    try {
      let current = { account: base.account, etag: base.etag };
      try {
        if (Object.keys(changes.fields).length) {
          current = await patchAccount(externalId, changes.fields, base.etag);
        } else if (base.etag && (await getAccountVersion(externalId)).etag !== base.etag) {
          // Marks take no If-Match: the version is compared here, so a stale form is refused alike.
          setProblem({ kind: CONFLICT });
          return false;
        }
      } catch (err) {
        setProblem(err.status === 412 ? { kind: CONFLICT } : saveProblem(err, catalog, sent));
        return false;
      }
      const failed = [];
      for (const m of changes.marks) {
        try {
          await setAccountMark(externalId, m.kind, m.key, m.met);
        } catch (err) {
          const what = m.kind === "milestones" ? n.milestone(m.key) : n.outcome(m.key);
          failed.push(`${m.met ? "marking" : "unmarking"} “${what}” failed: ${err.message}`);
        }
      }
      // A mark changes the account's version too: read it again for the next edit.
      if (changes.marks.length) current = await getAccountVersion(externalId).catch(() => current);
      let note = failed.length ? `${Object.keys(changes.fields).length ? "The fields were saved, but " : ""}${failed.join("; ")}` : null;
      if (note) note = note[0].toUpperCase() + note.slice(1) + (/[.!?]$/.test(note) ? "" : ".");
      onSaved(current.account, current.etag, note);
      return !failed.length;
    } finally {
      setBusy(false);
    }
  }

  async function reload() {
    setBusy(true);
    try {
      const fresh = await getAccountVersion(externalId);
      const next = formOf(fresh.account, catalog);
      setBase({ account: fresh.account, etag: fresh.etag, form: next });
      setForm(next);
      setProblem(null);
      setTried(false);
      setTouched(new Set());
      setNotice("These are the account's current values. Make your changes again, then save.");
      onReloaded(fresh.account, fresh.etag);
    } catch (err) {
      setProblem({ message: `Could not reload the account: ${err.message}`, fields: {} });
    } finally {
      setBusy(false);
    }
  }

  // The server's messages, and the browser's for the fields left once (all of them after a refused save).
  const shownProblems = Object.fromEntries(Object.entries(problems).filter(([k]) => tried || touched.has(k)));
  const errors = { ...(problem?.fields || {}), ...shownProblems };
  const touch = (e) => {
    const path = e.target.dataset?.path;
    if (path && !touched.has(path)) setTouched((t) => new Set(t).add(path));
  };
  const field = (f, value, onChange, errorKey) => (
    <FormField key={f.key} label={f.label} error={errors[errorKey]} hint={f.hint}>
      {(p) => <ValueControl field={f} value={value} onChange={onChange} props={p} />}
    </FormField>
  );
  const custom = customFields(catalog);
  return (
    <section className="card account-edit" aria-labelledby="account-edit-title">
      <UnsavedChangesGuard when={!unchanged} onSave={save} what="This account" />
      <h2 id="account-edit-title">Edit {base.account.name || externalId} <span className="muted small">{externalId}</span></h2>
      {/* keyed by the version: a reload starts every control afresh (a number box keeps what was typed) */}
      <form key={base.etag} aria-label="Edit account" noValidate onSubmit={(e) => { e.preventDefault(); save(); }}>
        <fieldset>
          <legend>Account</legend>
          <div className="account-edit-grid">
            {standardFields(catalog).map((f) => field(f, form[f.key], (v) => set(f.key, v), f.key))}
          </div>
        </fieldset>
        <fieldset>
          <legend>People</legend>
          <div className="account-edit-grid">
            {STAFF.map(([key, label]) => (
              <FormField key={key} label={label} error={errors[key]}>
                {(p) => (
                  <select {...p} value={form[key]} onChange={(e) => set(key, e.target.value)}>
                    <option value="">None</option>
                    {staffOptions(catalog, form[key]).map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
                  </select>
                )}
              </FormField>
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>Custom attributes</legend>
          {custom.length === 0 && <p className="muted small">No custom attributes yet: an admin adds them under Catalog → Attributes.</p>}
          <div className="account-edit-grid">
            {custom.map((f) => field(f, form.custom[f.key], (v) => setCustom(f.key, v), `custom.${f.key}`))}
          </div>
        </fieldset>
        <div onBlur={touch}>
          <ContactsEditor rows={form.contacts} onChange={(rows) => setList("contacts", rows)} errors={errors} catalog={catalog} suppressed={suppressed} />
          <SubscriptionsEditor rows={form.subscriptions} onChange={(rows) => setList("subscriptions", rows)} errors={errors} catalog={catalog} />
        </div>
        <div className="account-edit-grid">
          {MARKS.map(([kind, legend]) => (
            <MultiCheck key={kind} legend={legend} options={markOptions(catalog, kind, base.account)} value={form[kind]}
              onChange={(v) => set(kind, v)} empty={`No ${kind} in the catalog yet.`} />
          ))}
        </div>
        {problem?.kind === CONFLICT && (
          <div className="banner error" role="alert">
            Not saved: someone else (or a journey) changed this account after you opened the form.
            Reload it to see the current values, then make your changes again.{" "}
            <button type="button" className="small" onClick={reload} disabled={busy}>Reload the account</button>
          </div>
        )}
        {problem?.message && !(problem.browser && !Object.keys(problems).length) && <p className="banner error" role="alert">Not saved: {problem.message}</p>}
        {notice && <p className="banner info" role="status">{notice}</p>}
        <div className="field-row">
          <button type="submit" className="primary" disabled={busy || unchanged}>{busy ? "Saving…" : "Save"}</button>
          <button type="button" onClick={onCancel} disabled={busy}>Cancel</button>
          {unchanged && <span className="muted small">Nothing changed yet.</span>}
        </div>
      </form>
    </section>
  );
}
