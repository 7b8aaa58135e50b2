// Small labelled form controls used by every inspector form. Each renders its own <label>.
import { useId, useState, useEffect } from "react";
import { parseNumber } from "./ruleModel.js";

export function Field({ label, children, hint, id, error }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && <span className="muted small">{hint}</span>}
      {error && <span id={`${id}-error`} className="error small">{error}</span>}
    </div>
  );
}

/** A labelled text input (or textarea); `suggestions` offers values through a datalist; `error`
 *  marks the field and says what to do under it. */
export function TextField({ label, value, onChange, hint, multiline = false, placeholder, suggestions, error }) {
  const id = useId();
  const Tag = multiline ? "textarea" : "input";
  const listId = suggestions?.length ? `${id}-list` : undefined;
  return (
    <Field label={label} hint={hint} id={id} error={error}>
      <Tag id={id} value={value ?? ""} placeholder={placeholder} list={listId} onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} />
      {listId && <datalist id={listId}>{suggestions.map((s) => <option key={s} value={s} />)}</datalist>}
    </Field>
  );
}

/**
 * A number input that keeps what is typed while it is not yet a number; reports numbers (or null).
 * With a `min` of 0 or more a minus sign is not taken: a negative cannot be typed (nor stepped to).
 * Other props (aria-invalid, aria-describedby from a FormField) go on the input.
 */
export function NumberInput({ value, onChange, id, label, min, step = "any", className, ...rest }) {
  const [text, setText] = useState(value === null || value === undefined ? "" : String(value));
  useEffect(() => {
    if (parseNumber(text) !== value) setText(value === null || value === undefined ? "" : String(value));
  }, [value]); // eslint-disable-line react-hooks/exhaustive-deps
  const refuse = (typed) => Number(min) >= 0 && typed.includes("-");
  return (
    <input {...rest} id={id} aria-label={id ? undefined : label} className={className} type="number" inputMode="decimal" min={min} step={step}
      // the key itself is stopped: a browser reports a number field holding "-" as "" (no change
      // to refuse), and the digits typed next would then be lost with it
      onKeyDown={(e) => { if (e.key === "-" && refuse("-")) e.preventDefault(); }}
      value={text} onChange={(e) => { if (refuse(e.target.value)) return; setText(e.target.value); onChange(parseNumber(e.target.value)); }} />
  );
}

export function NumberField({ label, value, onChange, hint, min, step, error }) {
  const id = useId();
  return (
    <Field label={label} hint={hint} id={id} error={error}>
      <NumberInput id={id} value={value} onChange={onChange} min={min} step={step}
        aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} />
    </Field>
  );
}

/** options: [{value, label}]; a blank "Choose…" option appears when the value is empty. */
export function SelectField({ label, value, onChange, options, hint, allowEmpty = true, error }) {
  const id = useId();
  const known = options.some((o) => o.value === value);
  return (
    <Field label={label} hint={hint} id={id} error={error}>
      <select id={id} value={value ?? ""} onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined}>
        {allowEmpty && <option value="">Choose…</option>}
        {!known && value ? <option value={value}>{value} (not in the catalog)</option> : null}
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </Field>
  );
}

export function CheckboxField({ label, checked, onChange, hint }) {
  const id = useId();
  return (
    <div className="field checkbox-field">
      <span className="field-row">
        <input id={id} type="checkbox" checked={!!checked} onChange={(e) => onChange(e.target.checked)} />
        <label htmlFor={id}>{label}</label>
      </span>
      {hint && <span className="muted small">{hint}</span>}
    </div>
  );
}

/** A set of choices as checkboxes: value is the list of chosen option values. */
export function MultiCheck({ legend, options, value = [], onChange, empty }) {
  const chosen = new Set(value);
  const unknown = value.filter((v) => !options.some((o) => o.value === v));
  const all = [...options, ...unknown.map((v) => ({ value: v, label: `${v} (not in the catalog)` }))];
  return (
    <fieldset className="multi-check">
      <legend>{legend}</legend>
      {all.length === 0 && <p className="muted small">{empty || "Nothing to choose from yet."}</p>}
      {all.map((o) => (
        <CheckboxField key={o.value} label={o.label} checked={chosen.has(o.value)}
          onChange={(on) => onChange(on ? [...value, o.value] : value.filter((v) => v !== o.value))} />
      ))}
    </fieldset>
  );
}

/** Radio buttons: options [{value, label}]. */
export function RadioGroup({ legend, name, value, options, onChange }) {
  const base = useId();
  return (
    <fieldset className="radio-group">
      <legend>{legend}</legend>
      {options.map((o) => (
        <span className="field-row" key={o.value}>
          <input type="radio" id={`${base}-${o.value}`} name={name || base} checked={value === o.value} onChange={() => onChange(o.value)} />
          <label htmlFor={`${base}-${o.value}`}>{o.label}</label>
        </span>
      ))}
    </fieldset>
  );
}
