// /catalog/segments — every segment with its rule in words and member count; /catalog/segments/new
// and /:key — the rule builder with a live "N accounts match" and a sample of them.
import { useEffect, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { listSegments } from "../api/catalog.js";
import { createSegment, deleteSegment, getSegment, updateSegment } from "../api/admin.js";
import { useCatalog } from "../inspector/catalogContext.js";
import RuleBuilder from "../inspector/RuleBuilder.jsx";
import ConfirmButton from "../components/ConfirmButton.jsx";
import UnsavedChangesGuard from "../components/UnsavedChangesGuard.jsx";
import FormField, { slugify } from "../catalog/FormField.jsx";
import { fieldErrors, notSavedText, problemList, refusalText } from "../catalog/apiErrors.js";
import { plainProblem } from "../graph/problems.js";
import { useCatalogReload } from "../catalog/catalogReload.js";
import { describeRule } from "../catalog/ruleWords.js";
import { useSegmentPreview } from "../catalog/useSegmentPreview.js";
import { useCatalogList } from "../catalog/useCatalogList.js";

// The form's fields in the order it shows them: a refusal's banner names them so ("Check “Name”,
// “Key” below.").
const LABELS = { name: "Name", key: "Key", rule: "Rule" };

export const accountsWord = (n) => `${n} account${n === 1 ? "" : "s"}`;

export function SegmentList({ canEdit }) {
  const { rows: segments, error, notice, remove: removeRow } = useCatalogList(listSegments, deleteSegment);
  const remove = (segment) => removeRow(segment.key, "segment", segment.name);
  const catalog = useCatalog();

  return (
    <section aria-labelledby="segments-title">
      <div className="toolbar">
        <h1 id="segments-title">Segments</h1>
        {canEdit && <Link className="button primary" to="/catalog/segments/new">New segment</Link>}
      </div>
      <p className="muted">A segment is a saved rule over accounts. Journeys enroll accounts when they join one; membership stays current as data changes.</p>
      {error && <p className="banner error" role="alert">Could not load the segments: {error}</p>}
      {notice && <p className={`banner ${notice.kind}`} role={notice.kind === "error" ? "alert" : "status"}>{notice.text}</p>}
      {segments && segments.length === 0 && <div className="empty">No segments yet.{canEdit && " Create one to start a journey."}</div>}
      {segments && segments.length > 0 && (
        <table className="data" aria-label="Segments">
          <thead><tr><th>Segment</th><th>Accounts are in it when</th><th>Members</th><th><span className="visually-hidden">Actions</span></th></tr></thead>
          <tbody>
            {segments.map((s) => (
              <tr key={s.key}>
                <td><Link to={`/catalog/segments/${encodeURIComponent(s.key)}`}>{s.name}</Link><div className="muted small">{s.key}</div></td>
                <td className="rule-words">{describeRule(s.rule, catalog)}</td>
                <td><Link to={`/accounts?segment=${encodeURIComponent(s.key)}`} aria-label={`${accountsWord(s.accounts)} in ${s.name}`}>{accountsWord(s.accounts)}</Link></td>
                <td>{canEdit && (
                  <ConfirmButton className="danger small" question={`Delete segment “${s.name}”?`} confirmLabel="Delete" onConfirm={() => remove(s)}>
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

/** A rule's problems from the API, each in words ("MRR: type both numbers, …"). */
function RuleProblems({ problems }) {
  const catalog = useCatalog();
  if (!problems?.length) return null;
  return <ul>{problems.map((p, i) => <li key={i}>{plainProblem(p, catalog)}</li>)}</ul>;
}

function SegmentPreview({ preview }) {
  let body;
  if (preview.state === "empty") body = <p className="muted">Add a condition to see which accounts match.</p>;
  else if (preview.state === "invalid") {
    body = (
      <div className="error" role="alert">
        <p>{preview.message}</p>
        <RuleProblems problems={preview.problems} />
      </div>
    );
  } else if (preview.state === "error") body = <p className="error" role="alert">Could not count the accounts: {preview.message}</p>;
  else if (preview.count === undefined) body = <p className="muted">Counting…</p>;
  else {
    const { count, sample } = preview;
    body = (
      <>
        <p className={preview.state === "loading" ? "preview-count muted" : "preview-count"} data-testid="segment-count">
          {count === 1 ? "1 account matches" : `${count} accounts match`}
          {preview.state === "loading" && " (counting again…)"}
        </p>
        {sample.length > 0 && (
          <>
            <p className="muted small">For example:</p>
            <ul className="sample" aria-label="Matching accounts">
              {sample.map((a) => <li key={a.external_id}><Link to={`/accounts/${encodeURIComponent(a.external_id)}`}>{a.name || a.external_id}</Link> <span className="muted small">{a.external_id}</span></li>)}
            </ul>
            {count > sample.length && <p className="muted small">and {accountsWord(count - sample.length)} more.</p>}
          </>
        )}
      </>
    );
  }
  return <aside className="catalog-preview" aria-label="Matching accounts now" aria-live="polite"><h2>Matching accounts now</h2>{body}</aside>;
}

const quoted = (names) => names.map((n) => `“${n}”`).join(", ");

/** The journeys that name the segment (GET /api/segments/<key> `journeys`), said before a new
 * rule is saved: a live one enrolls the accounts that come to match it at once. */
export function SegmentUse({ journeys, changed }) {
  if (!journeys?.length) return null;
  const live = journeys.filter((j) => j.status === "live");
  const others = journeys.filter((j) => j.status !== "live");
  return (
    <div className={live.length && changed ? "banner warn" : "muted small"} data-testid="segment-use" role="note">
      {live.length > 0 && (
        <p>
          Live journey{live.length === 1 ? "" : "s"} {quoted(live.map((j) => j.name || j.key))} {live.length === 1 ? "enters" : "enter"} on
          this segment: when you save a new rule, the accounts that come to match it enter {live.length === 1 ? "it" : "them"} at
          once (as the Entry's re-enrollment allows).
        </p>
      )}
      {others.length > 0 && <p>Also used by {quoted(others.map((j) => j.name || j.key))} (not live).</p>}
    </div>
  );
}

export function SegmentEditor({ canEdit }) {
  const { key: existingKey } = useParams();
  const isNew = !existingKey;
  const navigate = useNavigate();
  const catalog = useCatalog();
  const reloadCatalog = useCatalogReload();
  const [form, setForm] = useState(isNew ? { name: "", key: "", rule: { all: [] } } : null);
  const [keyEdited, setKeyEdited] = useState(false);
  const [saved, setSaved] = useState(isNew ? JSON.stringify({ name: "", key: "", rule: { all: [] } }) : null);
  const [members, setMembers] = useState(null);
  const [usedBy, setUsedBy] = useState(null);
  const [loadError, setLoadError] = useState(null);
  const [problem, setProblem] = useState(null); // {message, fields, problems}
  const [saving, setSaving] = useState(false);
  const [done, setDone] = useState(null);
  const preview = useSegmentPreview(form?.rule, isNew ? undefined : existingKey);

  useEffect(() => {
    if (isNew) return;
    getSegment(existingKey).then((s) => {
      const loaded = { name: s.name, key: s.key, rule: s.rule };
      setForm(loaded);
      setSaved(JSON.stringify(loaded));
      setMembers(s.accounts);
      setUsedBy(s.journeys || null);
    }).catch((e) => setLoadError(e.message));
  }, [existingKey, isNew]);
  useEffect(() => { if (done) navigate(done); }, [done, navigate]);

  if (loadError) return <p className="banner error" role="alert">Could not open the segment: {loadError}</p>;
  if (!form) return <p className="muted">Loading the segment…</p>;
  const dirty = JSON.stringify(form) !== saved;
  const ruleChanged = JSON.stringify(form.rule) !== JSON.stringify(JSON.parse(saved).rule);
  const set = (patch) => setForm((f) => ({ ...f, ...patch }));

  async function save({ leaving = false } = {}) {
    setSaving(true);
    setProblem(null);
    try {
      if (isNew) await createSegment({ key: form.key, name: form.name, rule: form.rule });
      else await updateSegment(existingKey, { name: form.name, rule: form.rule });
      setSaved(JSON.stringify(form));
      reloadCatalog();
      if (!leaving) setDone("/catalog/segments");
      return true;
    } catch (e) {
      setProblem({ message: notSavedText(e, LABELS), fields: fieldErrors(e), problems: problemList(e) });
      return false;
    } finally {
      setSaving(false);
    }
  }

  async function remove() {
    try {
      await deleteSegment(existingKey);
      setSaved(JSON.stringify(form));
      reloadCatalog();
      setDone("/catalog/segments");
    } catch (e) {
      setProblem({ message: refusalText(e, catalog, `“${form.name}”`), fields: {}, problems: [] });
    }
  }

  const fields = problem?.fields || {};
  return (
    <section aria-labelledby="segment-title">
      <UnsavedChangesGuard when={canEdit && dirty} onSave={() => save({ leaving: true })} what="This segment" />
      <p><Link to="/catalog/segments">← Segments</Link></p>
      <h1 id="segment-title">{isNew ? "New segment" : `Segment “${form.name}”`}</h1>
      {!isNew && members !== null && <p className="muted">{accountsWord(members)} in it when last saved. Key: {existingKey}.</p>}
      {!isNew && <SegmentUse journeys={usedBy} changed={ruleChanged} />}
      <div className="catalog-edit">
        <form className="catalog-form" aria-label="Segment" onSubmit={(e) => { e.preventDefault(); save(); }}>
          <fieldset className="plain" disabled={!canEdit}>
            <FormField label="Name" error={fields.name}>
              {(p) => <input {...p} value={form.name} onChange={(e) => set(isNew && !keyEdited ? { name: e.target.value, key: slugify(e.target.value) } : { name: e.target.value })} />}
            </FormField>
            {isNew && (
              <FormField label="Key" error={fields.key} hint="What journeys and rules refer to: lowercase letters, digits, - and _. It cannot change later.">
                {(p) => <input {...p} value={form.key} onChange={(e) => { setKeyEdited(true); set({ key: e.target.value }); }} />}
              </FormField>
            )}
            <RuleBuilder legend="Accounts are in this segment when" value={form.rule} onChange={(rule) => set({ rule })} />
            <p className="rule-words"><strong>In words:</strong> {describeRule(form.rule, catalog)}</p>
          </fieldset>
          {problem && (
            <div className="banner error" role="alert">
              <p>Not saved: {problem.message}</p>
              <RuleProblems problems={problem.problems} />
            </div>
          )}
          {canEdit && (
            <div className="field-row">
              <button type="submit" className="primary" disabled={saving || !dirty}>{isNew ? "Create segment" : "Save"}</button>
              <Link to="/catalog/segments">Cancel</Link>
              {!isNew && (
                <ConfirmButton className="danger" question={`Delete segment “${form.name}”?`} confirmLabel="Delete" onConfirm={remove}>
                  Delete segment
                </ConfirmButton>
              )}
            </div>
          )}
        </form>
        <SegmentPreview preview={preview} />
      </div>
    </section>
  );
}
