// /catalog/templates — email templates; /new and /:key — subject, text body and an optional HTML
// body (sent as multipart/alternative) with a merge-field picker, a live preview on the sample or a
// real account (inspector/TemplatePreview.jsx) and "Send test" to the signed-in user.
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { getTemplate } from "../api/catalog.js";
import { createTemplate, deleteTemplate, listTemplates, updateTemplate } from "../api/admin.js";
import { useCatalog } from "../inspector/catalogContext.js";
import TemplatePreview from "../inspector/TemplatePreview.jsx";
import ConfirmButton from "../components/ConfirmButton.jsx";
import UnsavedChangesGuard from "../components/UnsavedChangesGuard.jsx";
import SendTestEmail from "../components/SendTestEmail.jsx";
import FormField from "../catalog/FormField.jsx";
import MergeFieldPicker from "../catalog/MergeFieldPicker.jsx";
import { fieldErrors, notSavedText, refusalText } from "../catalog/apiErrors.js";
import { useCatalogReload } from "../catalog/catalogReload.js";
import { useCatalogList } from "../catalog/useCatalogList.js";

// The form's fields in the order it shows them: a refusal's banner names them so ("Check “Key”,
// “Subject” below.").
const LABELS = { key: "Key", subject: "Subject", body: "Body", html_body: "HTML body" };

export function TemplateList({ canEdit }) {
  const { rows: templates, error, notice, remove: removeRow } = useCatalogList(listTemplates, deleteTemplate);
  const remove = (t) => removeRow(t.key, "template", t.key);

  return (
    <section aria-labelledby="templates-title">
      <div className="toolbar">
        <h1 id="templates-title">Email templates</h1>
        {canEdit && <Link className="button primary" to="/catalog/templates/new">New template</Link>}
      </div>
      <p className="muted">Emails journeys send. Merge fields such as {"{{ account.name }}"} are filled in for each account.</p>
      {error && <p className="banner error" role="alert">Could not load the templates: {error}</p>}
      {notice && <p className={`banner ${notice.kind}`} role={notice.kind === "error" ? "alert" : "status"}>{notice.text}</p>}
      {templates && templates.length === 0 && <div className="empty">No templates yet.</div>}
      {templates && templates.length > 0 && (
        <table className="data" aria-label="Email templates">
          <thead><tr><th>Template</th><th>Subject</th><th><span className="visually-hidden">Actions</span></th></tr></thead>
          <tbody>
            {templates.map((t) => (
              <tr key={t.key}>
                <td><Link to={`/catalog/templates/${encodeURIComponent(t.key)}`}>{t.key}</Link></td>
                <td>{t.subject}</td>
                <td>{canEdit && (
                  <ConfirmButton className="danger small" question={`Delete template “${t.key}”?`} confirmLabel="Delete" onConfirm={() => remove(t)}>
                    Delete
                  </ConfirmButton>
                )}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const EMPTY = { key: "", subject: "", body: "", html_body: "" };

export function TemplateEditor({ canEdit }) {
  const { key: existingKey } = useParams();
  const isNew = !existingKey;
  const navigate = useNavigate();
  const catalog = useCatalog();
  const reloadCatalog = useCatalogReload();
  const [form, setForm] = useState(isNew ? EMPTY : null);
  const [saved, setSaved] = useState(isNew ? JSON.stringify(EMPTY) : null);
  const [loadError, setLoadError] = useState(null);
  const [problem, setProblem] = useState(null);
  const [saving, setSaving] = useState(false);
  const [done, setDone] = useState(null);
  const subjectRef = useRef(null);
  const bodyRef = useRef(null);
  const htmlRef = useRef(null);
  const lastField = useRef("body");
  // Where the cursor goes after a merge field is inserted: set by insert(), applied as soon as
  // the new text is in the field (before the next paint, so nothing typed meanwhile lands there).
  const cursorAfterInsert = useRef(null);
  useLayoutEffect(() => {
    const pending = cursorAfterInsert.current;
    if (!pending) return;
    cursorAfterInsert.current = null;
    pending.el.focus();
    pending.el.setSelectionRange(pending.at, pending.at);
  });

  useEffect(() => {
    if (isNew) return;
    getTemplate(existingKey).then((t) => {
      const loaded = { key: t.key, subject: t.subject, body: t.body, html_body: t.html_body || "" };
      setForm(loaded);
      setSaved(JSON.stringify(loaded));
    }).catch((e) => setLoadError(e.message));
  }, [existingKey, isNew]);
  useEffect(() => { if (done) navigate(done); }, [done, navigate]);

  if (loadError) return <p className="banner error" role="alert">Could not open the template: {loadError}</p>;
  if (!form) return <p className="muted">Loading the template…</p>;
  const dirty = JSON.stringify(form) !== saved;

  function insert(token) {
    const field = lastField.current;
    const el = ({ subject: subjectRef, body: bodyRef, html_body: htmlRef }[field]).current;
    const text = form[field];
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    setForm({ ...form, [field]: text.slice(0, start) + token + text.slice(end) });
    if (el) cursorAfterInsert.current = { el, at: start + token.length };
  }

  async function save({ leaving = false } = {}) {
    setSaving(true);
    setProblem(null);
    try {
      if (isNew) await createTemplate(form);
      else await updateTemplate(existingKey, { subject: form.subject, body: form.body, html_body: form.html_body || null });
      setSaved(JSON.stringify(form));
      reloadCatalog();
      if (!leaving) setDone("/catalog/templates");
      return true;
    } catch (e) {
      setProblem({ message: notSavedText(e, LABELS), fields: fieldErrors(e) });
      return false;
    } finally {
      setSaving(false);
    }
  }

  async function remove() {
    try {
      await deleteTemplate(existingKey);
      setSaved(JSON.stringify(form));
      reloadCatalog();
      setDone("/catalog/templates");
    } catch (e) {
      setProblem({ message: refusalText(e, catalog, `“${existingKey}”`), fields: {} });
    }
  }

  const fields = problem?.fields || {};
  return (
    <section aria-labelledby="template-title">
      <UnsavedChangesGuard when={canEdit && dirty} onSave={() => save({ leaving: true })} what="This template" />
      <p><Link to="/catalog/templates">← Email templates</Link></p>
      <h1 id="template-title">{isNew ? "New email template" : `Template “${existingKey}”`}</h1>
      <div className="catalog-edit">
        <form className="catalog-form" aria-label="Template" onSubmit={(e) => { e.preventDefault(); save(); }}>
          <fieldset className="plain" disabled={!canEdit}>
            {isNew && (
              <FormField label="Key" error={fields.key} hint="What journeys refer to: letters, digits, '.', '-' and '_'. It cannot change later.">
                {(p) => <input {...p} value={form.key} onChange={(e) => setForm({ ...form, key: e.target.value })} />}
              </FormField>
            )}
            <FormField label="Subject" error={fields.subject}>
              {(p) => <input {...p} ref={subjectRef} value={form.subject} onFocus={() => { lastField.current = "subject"; }}
                onChange={(e) => setForm({ ...form, subject: e.target.value })} />}
            </FormField>
            <div className="field-row merge-picker">
              <MergeFieldPicker onPick={insert} />
              <span className="muted small">goes where the cursor was in the subject or a body.</span>
            </div>
            <FormField label="Body" error={fields.body} hint="The text part: what every mail program can show.">
              {(p) => <textarea {...p} ref={bodyRef} rows={10} value={form.body} onFocus={() => { lastField.current = "body"; }}
                onChange={(e) => setForm({ ...form, body: e.target.value })} />}
            </FormField>
            <FormField label="HTML body (optional)" error={fields.html_body}
              hint="When set, the email goes out with both parts and mail programs show this one. Merged values are escaped; links are tracked when tracking is on.">
              {(p) => <textarea {...p} ref={htmlRef} rows={8} value={form.html_body} className="code" placeholder="<p>Hi {{ contact.name }},</p>"
                onFocus={() => { lastField.current = "html_body"; }}
                onChange={(e) => setForm({ ...form, html_body: e.target.value })} />}
            </FormField>
          </fieldset>
          {problem && <p className="banner error" role="alert">Not saved: {problem.message}</p>}
          {canEdit && (
            <div className="field-row">
              <button type="submit" className="primary" disabled={saving || !dirty}>{isNew ? "Create template" : "Save"}</button>
              <Link to="/catalog/templates">Cancel</Link>
              {!isNew && (
                <ConfirmButton className="danger" question={`Delete template “${existingKey}”?`} confirmLabel="Delete" onConfirm={remove}>
                  Delete template
                </ConfirmButton>
              )}
            </div>
          )}
        </form>
        <div className="catalog-preview">
          <TemplatePreview subject={form.subject} body={form.body} html={form.html_body}
            actions={(account) => (isNew ? null : (
              <>
                <h4>Send a test to yourself</h4>
                {dirty && <p className="muted small">The test uses the saved version: save first to test your changes.</p>}
                <SendTestEmail template={existingKey} account={account} />
              </>
            ))} />
          {!form.subject && !form.body && <p className="muted">Write a subject or a body to see the preview.</p>}
        </div>
      </div>
    </section>
  );
}
