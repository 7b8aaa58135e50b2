// The value input of one rule condition, shaped by the operator (see ruleModel.valueKind).
import { useId, useState, useEffect } from "react";
import { useCatalog } from "./catalogContext.js";
import { KEYED, parseList, valueKind } from "./ruleModel.js";
import { NumberInput } from "./fields.jsx";
import { todayIso } from "../components/dates.js";

/** A date value: an ISO date or {days_from_now: N}, with a switch between the two. */
export function DateValue({ value, onChange, label }) {
  const id = useId();
  const relative = value && typeof value === "object";
  return (
    <span className="field-row date-value">
      <select aria-label={`${label}: kind of date`} value={relative ? "relative" : "fixed"}
        onChange={(e) => onChange(e.target.value === "relative" ? { days_from_now: 0 } : todayIso())}>
        <option value="fixed">a date</option>
        <option value="relative">days from today (− = ago)</option>
      </select>
      {relative ? (
        <>
          <NumberInput label={`${label}: days from today (negative = ago)`} step="1" value={value.days_from_now}
            onChange={(n) => onChange({ days_from_now: Math.trunc(n ?? 0) })} className="short" />
        </>
      ) : (
        <input id={id} aria-label={`${label}: date`} type="date" value={typeof value === "string" ? value : ""} onChange={(e) => onChange(e.target.value)} />
      )}
    </span>
  );
}

function TextList({ value, onChange, label }) {
  const [text, setText] = useState((value || []).join(", "));
  useEffect(() => {
    if (parseList(text).join("\u0000") !== (value || []).join("\u0000")) setText((value || []).join(", "));
  }, [value]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <input aria-label={`${label} (separate with commas)`} placeholder="one, two, three" value={text}
      onChange={(e) => { setText(e.target.value); onChange(parseList(e.target.value)); }} />
  );
}

function KeyPicker({ property, value, onChange, label }) {
  const catalog = useCatalog();
  const list = catalog[KEYED[property].catalog] || [];
  const isUser = KEYED[property].catalog === "users";
  const options = list.map((x) => (isUser ? { value: x.email, label: `${x.name || x.email} (${x.email})` } : { value: x.key, label: x.name || x.key }));
  const known = options.some((o) => o.value === value);
  return (
    <select aria-label={label} value={value ?? ""} onChange={(e) => onChange(e.target.value)}>
      <option value="">Choose…</option>
      {!known && value ? <option value={value}>{value} (not in the catalog)</option> : null}
      {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
    </select>
  );
}

export default function ValueInput({ condition, onChange, label = "Value" }) {
  const catalog = useCatalog();
  const kind = valueKind(condition.property, condition.op, catalog);
  const v = condition.value;
  switch (kind) {
    case "none":
      return null;
    case "key":
      return <KeyPicker property={condition.property} value={v} onChange={onChange} label={label} />;
    case "number":
      return <NumberInput label={label} value={v} onChange={onChange} className="short" />;
    case "number_pair":
      return (
        <span className="field-row">
          <NumberInput label={`${label}: from`} value={v?.[0]} onChange={(n) => onChange([n, v?.[1] ?? null])} className="short" />
          <span>and</span>
          <NumberInput label={`${label}: to`} value={v?.[1]} onChange={(n) => onChange([v?.[0] ?? null, n])} className="short" />
        </span>
      );
    case "text":
      return <input aria-label={label} value={v ?? ""} onChange={(e) => onChange(e.target.value)} />;
    case "text_list":
      return <TextList value={v} onChange={onChange} label={label} />;
    case "date":
      return <DateValue value={v} onChange={onChange} label={label} />;
    case "date_pair":
      return (
        <span className="field-col">
          <DateValue value={v?.[0]} onChange={(d) => onChange([d, v?.[1]])} label={`${label}: from`} />
          <span>and</span>
          <DateValue value={v?.[1]} onChange={(d) => onChange([v?.[0], d])} label={`${label}: to`} />
        </span>
      );
    case "days":
      return (
        <span className="field-row">
          <NumberInput label={`${label}: days`} step="1" min={0} value={v?.days} onChange={(n) => onChange({ days: Math.trunc(n ?? 0) })} className="short" />
          <span>days</span>
        </span>
      );
    default:
      return null;
  }
}
