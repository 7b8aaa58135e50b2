// Product events in the inspector (SPEC §7): an event name picker (names seen, or type a new one)
// and the filter over the event's properties ("only events where plan is pro").
import { useId } from "react";
import { useCatalog } from "./catalogContext.js";
import { WHERE_LABELS, WHERE_OPS, propertyKeys, whereConditions, whereValue } from "./eventRules.js";

/** Edit distance between two short strings (Levenshtein), for "did you mean …?". */
function distance(a, b) {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const next = [i];
    for (let j = 1; j <= b.length; j += 1) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length];
}

/**
 * A word on an event name the workspace has not received lately, or null: a typo in an entry's
 * or a rule's event name makes a live journey that silently never enrolls or never matches, so
 * the picker says when no such event has arrived (ever, or in 30 days) and names the closest
 * one seen. Not a validation problem: a product may start sending a new event after publishing.
 */
export function eventNameHint(value, names) {
  if (!value) return null;
  const seen = names.find((n) => n.name === value);
  if (seen && seen.count_30d > 0) return null;
  if (seen) return `No “${value}” event in the last 30 days${seen.last_at ? ` (the last on ${seen.last_at.slice(0, 10)})` : ""}.`;
  const close = names
    .map((n) => ({ name: n.name, d: n.name.startsWith(value) || value.startsWith(n.name) ? 0.5 : distance(value, n.name) }))
    .filter((n) => n.d <= Math.max(2, Math.floor(value.length / 3)))
    .sort((x, y) => x.d - y.d || x.name.localeCompare(y.name));
  const guess = close.length ? ` Did you mean “${close[0].name}”?` : "";
  return `No “${value}” event has been received yet: check the name your product sends.${guess}`;
}

/** Pick an event name from those seen (with their 30-day counts) or type one. */
export function EventNamePicker({ value, onChange, label = "Event" }) {
  const catalog = useCatalog();
  const listId = useId();
  const hintId = useId();
  const names = catalog.event_names || [];
  const hint = eventNameHint(value, names);
  return (
    <label className="field-row event-name">
      <span>{label}</span>
      <input aria-label={label} list={listId} value={value || ""} placeholder="e.g. login"
        aria-describedby={hint ? hintId : undefined}
        onChange={(e) => onChange(e.target.value.trim().toLowerCase())} />
      <datalist id={listId}>
        {names.map((n) => <option key={n.name} value={n.name}>{`${n.name} (${n.count_30d} in 30 days)`}</option>)}
      </datalist>
      {hint && <span id={hintId} className="small warning event-name-hint" role="note">{hint}</span>}
    </label>
  );
}

function WhereRow({ cond, keys, onChange, onRemove, label }) {
  const key = String(cond.property || "").replace(/^properties\./, "");
  const type = keys.find((k) => k.key === key)?.type;
  const shown = Array.isArray(cond.value) ? cond.value.join(", ") : cond.value === undefined ? "" : String(cond.value);
  const set = (patch) => {
    const next = { ...cond, ...patch };
    const value = whereValue(next.op, patch.text !== undefined ? patch.text : shown, type);
    const out = { property: next.property, op: next.op };
    if (value !== undefined) out.value = value;
    onChange(out);
  };
  return (
    <div className="field-row where-row">
      <input aria-label={`${label}: property`} list={`${label}-keys`} value={key} placeholder="property"
        onChange={(e) => set({ property: `properties.${e.target.value.trim()}` })} />
      <datalist id={`${label}-keys`}>{keys.map((k) => <option key={k.key} value={k.key}>{k.type}</option>)}</datalist>
      <select aria-label={`${label}: operator`} value={cond.op} onChange={(e) => set({ op: e.target.value })}>
        {WHERE_OPS.map((op) => <option key={op} value={op}>{WHERE_LABELS[op]}</option>)}
      </select>
      {cond.op !== "is_set" && (
        <input aria-label={`${label}: value`} value={shown} onChange={(e) => set({ text: e.target.value })}
          placeholder={cond.op === "in" || cond.op === "not_in" ? "one, two" : "value"} />
      )}
      <button type="button" className="small danger" onClick={onRemove} aria-label={`Remove ${label}`}>Remove</button>
    </div>
  );
}

/** Edits a `where` ({all: [...]}, or null for every event of the name). */
export function EventFilter({ name, where, onChange, label = "Filter" }) {
  const catalog = useCatalog();
  const keys = propertyKeys(catalog, name);
  const items = whereConditions(where);
  const setItems = (next) => onChange(next.length ? { all: next } : null);
  return (
    <div className="event-filter">
      {items.length > 0 && <span className="small muted">only events where</span>}
      {items.map((c, i) => (
        <WhereRow key={i} cond={c} keys={keys} label={`${label} ${i + 1}`}
          onChange={(next) => setItems(items.map((x, j) => (j === i ? next : x)))}
          onRemove={() => setItems(items.filter((_, j) => j !== i))} />
      ))}
      <button type="button" className="small" onClick={() => setItems([...items, {
        property: `properties.${keys[0]?.key || ""}`, op: "eq", value: "" }])}>+ Property filter</button>
    </div>
  );
}
