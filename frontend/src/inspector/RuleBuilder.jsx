// Nested rule editor (SPEC §3): groups where ALL or ANY must hold, conditions, and NOT on any row.
import { useCatalog } from "./catalogContext.js";
import ValueInput from "./ValueInput.jsx";
import { EventFilter } from "./EventFields.jsx";
import { NumberInput } from "./fields.jsx";
import { parseEventProperty } from "./eventRules.js";
import { asGroup, newCondition, nodeKind, normalizeCondition, opLabel, opsFor, propertyOptions } from "./ruleModel.js";

/** An option's words in the picker: a subscription's "Status" says so, since the closed select
 * shows no group and the account has a "Status" too. */
export const optionText = (o) => (o.group === "Any subscription" ? `${o.label} (any subscription)` : o.label);

function Condition({ cond, onChange, path }) {
  const catalog = useCatalog();
  const options = propertyOptions(catalog);
  const groups = [...new Set(options.map((o) => o.group))];
  const known = options.some((o) => o.value === cond.property);
  const set = (patch) => onChange(normalizeCondition({ ...cond, ...patch }, catalog));
  return (
    <div className="rule-condition">
      <select aria-label={`Condition ${path}: property`} value={cond.property || ""} onChange={(e) => set({ property: e.target.value })}>
        {!known && <option value={cond.property || ""}>{cond.property || "Choose…"}</option>}
        {groups.map((g) => (
          <optgroup key={g} label={g}>
            {options.filter((o) => o.group === g).map((o) => <option key={o.value} value={o.value}>{optionText(o)}</option>)}
          </optgroup>
        ))}
      </select>
      <select aria-label={`Condition ${path}: operator`} value={cond.op || ""} onChange={(e) => set({ op: e.target.value })}>
        {opsFor(cond.property, catalog).map((op) => <option key={op} value={op}>{opLabel(cond.property, op)}</option>)}
      </select>
      <ValueInput condition={cond} label={`Condition ${path}: value`} onChange={(value) => onChange({ ...cond, value })} />
      <EventExtras cond={cond} onChange={onChange} path={path} />
    </div>
  );
}

/** An event condition's window (counts) and property filter (SPEC §7). */
function EventExtras({ cond, onChange, path }) {
  const event = parseEventProperty(cond.property);
  if (!event) return null;
  const days = cond.within?.days;
  const setWithin = (n) => {
    const { within: _drop, ...rest } = cond;
    onChange(Number.isInteger(n) && n >= 1 ? { ...rest, within: { days: n } } : rest);
  };
  const setWhere = (where) => {
    const { where: _drop, ...rest } = cond;
    onChange(where ? { ...rest, where } : rest);
  };
  return (
    <div className="field-col event-extras">
      {event.field === "count" && (
        <span className="field-row">
          <span className="small">in the last</span>
          <NumberInput label={`Condition ${path}: window in days (empty = all kept history)`} step="1" min={1}
            value={days} onChange={(n) => setWithin(n === null ? null : Math.trunc(n))} className="short" />
          <span className="small">days {days ? "" : "(empty: ever)"}</span>
        </span>
      )}
      <EventFilter name={event.name} where={cond.where} onChange={setWhere} label={`Condition ${path}: filter`} />
    </div>
  );
}

function Row({ rule, onChange, onRemove, path, depth }) {
  const negated = nodeKind(rule) === "not";
  const inner = negated ? rule.not : rule;
  const setInner = (next) => onChange(negated ? { not: next } : next);
  const innerKind = nodeKind(inner);
  return (
    <li className={negated ? "rule-row negated" : "rule-row"}>
      <div className="rule-row-tools">
        <label className="small">
          <input type="checkbox" checked={negated} onChange={(e) => onChange(e.target.checked ? { not: inner } : inner)} /> NOT
        </label>
        <button type="button" className="small danger" onClick={onRemove} aria-label={`Remove ${innerKind === "condition" ? "condition" : "group"} ${path}`}>Remove</button>
      </div>
      {innerKind === "condition"
        ? <Condition cond={inner} onChange={setInner} path={path} />
        : <Group rule={inner} onChange={setInner} path={path} depth={depth + 1} />}
    </li>
  );
}

function Group({ rule, onChange, path, depth }) {
  const kind = nodeKind(rule) === "any" ? "any" : "all";
  const items = rule[kind];
  const setItems = (next) => onChange({ [kind]: next });
  const label = path ? `group ${path}` : "the rule";
  return (
    <div className={`rule-group depth-${depth % 3}`}>
      <div className="field-row">
        <select aria-label={`How ${label} combines`} value={kind} onChange={(e) => onChange({ [e.target.value]: items })}>
          <option value="all">ALL of these are true (AND)</option>
          <option value="any">ANY of these is true (OR)</option>
        </select>
      </div>
      {items.length === 0 && <p className="muted small">No conditions yet: add one below.</p>}
      <ol className="rule-items">
        {items.map((child, i) => {
          const childPath = path ? `${path}.${i + 1}` : `${i + 1}`;
          return (
            <Row key={i} rule={child} path={childPath} depth={depth}
              onChange={(next) => setItems(items.map((c, j) => (j === i ? next : c)))}
              onRemove={() => setItems(items.filter((_, j) => j !== i))} />
          );
        })}
      </ol>
      <div className="field-row">
        <button type="button" className="small" onClick={() => setItems([...items, newCondition()])}>+ Condition</button>
        <button type="button" className="small" onClick={() => setItems([...items, { [kind === "all" ? "any" : "all"]: [newCondition()] }])}>+ Group</button>
      </div>
    </div>
  );
}

/** Edits a rule; the root is always shown as a group. `value` may be any rule. */
export default function RuleBuilder({ value, onChange, legend = "Conditions" }) {
  return (
    <fieldset className="rule-builder">
      <legend>{legend}</legend>
      <Group rule={asGroup(value)} onChange={onChange} path="" depth={0} />
    </fieldset>
  );
}
