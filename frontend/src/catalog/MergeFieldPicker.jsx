// A picker of merge fields ({{ account.name }}, {{ csm.name }}, custom attributes…) that inserts the
// chosen one where the cursor was in the subject or the body.
import { useCatalog } from "../inspector/catalogContext.js";
import { ACCOUNT_FIELDS } from "../inspector/ruleModel.js";

/** [{group, fields: [{path, label}]}]: what templates can use (backend/rendering/merge.py). */
export function mergeFields(catalog = {}) {
  return [
    { group: "Account", fields: [{ path: "account.name", label: "Name" }, { path: "account.external_id", label: "External id" },
      ...ACCOUNT_FIELDS.map(([f, label]) => ({ path: `account.${f}`, label }))] },
    { group: "Custom attribute", fields: (catalog.attributes || []).map((a) => ({ path: `account.custom.${a.key}`, label: a.label || a.key })) },
    { group: "The account's CSM", fields: [{ path: "csm.name", label: "CSM name" }, { path: "csm.email", label: "CSM email" }] },
    { group: "The contact it is sent to", fields: [{ path: "contact.name", label: "Contact name" }, { path: "contact.email", label: "Contact email" }] },
    { group: "Links", fields: [{ path: "unsubscribe_url", label: "Unsubscribe link (the recipient's own)" }] },
  ].filter((g) => g.fields.length);
}

/** Calls onPick("{{ path }}") when a field is chosen. */
export default function MergeFieldPicker({ onPick, disabled }) {
  const catalog = useCatalog();
  return (
    <select aria-label="Insert a merge field" value="" disabled={disabled}
      onChange={(e) => { if (e.target.value) onPick(`{{ ${e.target.value} }}`); }}>
      <option value="">Insert a merge field…</option>
      {mergeFields(catalog).map((g) => (
        <optgroup key={g.group} label={g.group}>
          {g.fields.map((f) => <option key={f.path} value={f.path}>{f.label} — {`{{ ${f.path} }}`}</option>)}
        </optgroup>
      ))}
    </select>
  );
}
