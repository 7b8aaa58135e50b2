// Product events in the inspector (SPEC §7): an event name picker (names seen, or type a new one)
// and the filter over the event's properties ("only events where plan is pro").
import { useId } from "react";
import { useCatalog } from "./catalogContext.js";
import { WHERE_LABELS, WHERE_OPS, propertyKeys, whereConditions, whereValue } from "./eventRules.js";

/** Pick an event name from those seen (with their 30-day counts) or type one. */
export function EventNamePicker({ value, onChange, label = "Event" }) {
  const catalog = useCatalog();
  const listId = useId();
  const names = catalog.event_names || [];
  return (
    <label className="field-row event-name">
      <span>{label}</span>
      <input aria-label={label} list={listId} value={value || ""} placeholder="e.g. login"
        onChange={(e) => onChange(e.target.value.trim().toLowerCase())} />
      <datalist id={listId}>
        {names.map((n) => <option key={n.name} value={n.name}>{`${n.name} (${n.count_30d} in 30 days)`}</option>)}
      </datalist>
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
