// set / copy / clear / increase attribute.
import { useCatalog } from "../catalogContext.js";
import { attributeOptions, attributeType, writableAttributeOptions } from "../attributes.js";
import { CheckboxField, Field, NumberField, SelectField, TextField } from "../fields.jsx";
import { DateValue } from "../ValueInput.jsx";
import { todayIso } from "../../components/dates.js";

function ValueForType({ type, value, onChange }) {
  if (type === "number") return <NumberField label="New value" value={typeof value === "number" ? value : null} onChange={onChange} />;
  if (type === "boolean") return <CheckboxField label="New value: true" checked={value === true} onChange={onChange} />;
  if (type === "date") {
    return (
      <Field label="New value" id={undefined}>
        <DateValue label="New value" value={typeof value === "string" ? value : todayIso()}
          onChange={(v) => onChange(typeof v === "string" ? v : v)} />
      </Field>
    );
  }
  // An empty text is a value too (it is not "no value"): said, since it is most often a field
  // not filled in yet, and the step would publish and write "" to every account.
  const empty = typeof value !== "string" || !value.trim();
  return <TextField label="New value" value={typeof value === "string" ? value : ""} onChange={onChange}
    hint={empty ? "Empty: the attribute is set to an empty text. To remove its value, use a “Clear attribute” step instead." : undefined} />;
}

export default function AttributeFields({ config, onChange }) {
  const catalog = useCatalog();
  const all = attributeOptions(catalog); // to read from (copy from)
  const writable = (keep) => writableAttributeOptions(catalog, keep); // to write: what the server accepts
  const set = (patch, key) => onChange({ ...config, ...patch }, key);
  switch (config.action) {
    case "set_attribute": {
      const type = attributeType(config.attribute, catalog);
      return (
        <>
          <SelectField label="Attribute" value={config.attribute} options={writable(config.attribute)}
            onChange={(v) => {
              const t = attributeType(v, catalog);
              const fresh = { number: 0, boolean: true, date: todayIso() }[t] ?? "";
              set({ attribute: v, value: fresh });
            }} />
          {config.attribute && <ValueForType type={type} value={config.value} onChange={(v) => set({ value: v }, "value")} />}
        </>
      );
    }
    case "copy_attribute":
      return (
        <>
          <SelectField label="Copy from" value={config.from} options={all} onChange={(v) => set({ from: v })} />
          <SelectField label="Copy to" value={config.to} options={writable(config.to)} onChange={(v) => set({ to: v })}
            hint="Both attributes should have the same type." />
        </>
      );
    case "clear_attribute":
      return <SelectField label="Attribute to clear" value={config.attribute} options={writable(config.attribute)} onChange={(v) => set({ attribute: v })} />;
    case "increase_attribute":
      return (
        <>
          <SelectField label="Number attribute" value={config.attribute} options={writable(config.attribute).filter((o) => o.type === "number")}
            onChange={(v) => set({ attribute: v })} />
          <NumberField label="Increase by (negative to decrease)" value={config.by} onChange={(v) => set({ by: v }, "by")} />
        </>
      );
    default:
      return null;
  }
}
