// "Changes during the simulation": rows of "on day N, set <property> to <value>" (or "on day N,
// the account sends event <name> with <properties>"), with the rule builder's property list and
// typed value inputs (no JSON).
import { useCatalog } from "../inspector/catalogContext.js";
import ValueInput from "../inspector/ValueInput.jsx";
import { NumberInput } from "../inspector/fields.jsx";
import { EventNamePicker } from "../inspector/EventFields.jsx";
import { changeOptions, defaultChangeValue, rowCondition } from "./simulationChanges.js";

function BooleanValue({ value, onChange, label }) {
  return (
    <select aria-label={label} value={value === true ? "yes" : value === false ? "no" : ""}
      onChange={(e) => onChange(e.target.value === "yes" ? true : e.target.value === "no" ? false : "")}>
      <option value="yes">Yes</option><option value="no">No</option><option value="">not set</option>
    </select>
  );
}

/** A product event sent that day: its name (picked from the names seen) and its properties. */
function EventChange({ row, label, onChange }) {
  const value = row.value && typeof row.value === "object" ? row.value : { name: "", properties: "" };
  return (
    <>
      <EventNamePicker label={`${label}: event`} value={value.name} onChange={(name) => onChange({ ...row, value: { ...value, name } })} />
      <label className="field-row">
        <span>with</span>
        <input aria-label={`${label}: event properties`} value={value.properties || ""} placeholder="plan: pro, seats: 5"
          onChange={(e) => onChange({ ...row, value: { ...value, properties: e.target.value } })} />
      </label>
    </>
  );
}

function ChangeRow({ row, index, onChange, onRemove }) {
  const catalog = useCatalog();
  const options = changeOptions(catalog);
  const type = options.find((o) => o.value === row.property)?.type;
  const label = `Change ${index + 1}`;
  return (
    <li className="sim-change">
      <span className="field-row">
        <span>On day</span>
        <NumberInput label={`${label}: day`} min={0} step="1" className="short" value={row.day} onChange={(d) => onChange({ ...row, day: d ?? 0 })} />
        <button type="button" className="small danger" onClick={onRemove} aria-label={`Remove change ${index + 1}`}>Remove</button>
      </span>
      <select aria-label={`${label}: what changes`} value={row.property}
        onChange={(e) => onChange({ ...row, property: e.target.value, value: defaultChangeValue(e.target.value, catalog) })}>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
      {type === "event" ? <EventChange row={row} label={label} onChange={onChange} /> : (
      <span className="field-row">
        <span>{type === "key" ? "" : "becomes"}</span>
        {type === "boolean"
          ? <BooleanValue value={row.value} onChange={(value) => onChange({ ...row, value })} label={`${label}: new value`} />
          : <ValueInput condition={rowCondition(row, catalog)} label={`${label}: new value`} onChange={(value) => onChange({ ...row, value })} />}
      </span>
      )}
    </li>
  );
}

export default function SimulationChanges({ rows, onChange }) {
  const catalog = useCatalog();
  const add = () => {
    const property = "account.mrr";
    onChange([...rows, { day: rows.length ? Number(rows[rows.length - 1].day) + 1 : 1, property, value: defaultChangeValue(property, catalog) }]);
  };
  return (
    <fieldset className="sim-changes">
      <legend>Changes during the simulation</legend>
      {rows.length === 0 && <p className="muted small">None: the account stays as it is. Add one to see, for example, a goal being met on day 10.</p>}
      <ol className="sim-change-list">
        {rows.map((row, i) => (
          <ChangeRow key={i} row={row} index={i} onChange={(next) => onChange(rows.map((r, j) => (j === i ? next : r)))}
            onRemove={() => onChange(rows.filter((_, j) => j !== i))} />
        ))}
      </ol>
      <button type="button" className="small" onClick={add}>+ Change</button>
    </fieldset>
  );
}
