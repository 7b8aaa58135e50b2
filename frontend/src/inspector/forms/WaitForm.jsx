// wait: for a duration, until a date (with offset), or until a rule holds (with a timeout).
import { useCatalog } from "../catalogContext.js";
import { dateAttributeOptions } from "../attributes.js";
import { NumberField, RadioGroup, SelectField } from "../fields.jsx";
import RuleBuilder from "../RuleBuilder.jsx";
import { EventFilter, EventNamePicker } from "../EventFields.jsx";

const DEFAULTS = {
  for: () => ({ for: { days: 1, hours: 0, minutes: 0 } }),
  until_date: () => ({ until_date: { property: "account.next_billing_on", offset: { days: 0 } } }),
  until_rule: () => ({ until_rule: { rule: { all: [] }, timeout: { days: 7 } } }),
  until_event: () => ({ until_event: { name: "", timeout: { days: 7 } } }),
};

export default function WaitForm({ config, onChange }) {
  const catalog = useCatalog();
  const mode = config.until_date ? "until_date" : config.until_rule ? "until_rule" : config.until_event ? "until_event" : "for";
  return (
    <>
      <RadioGroup legend="Wait" value={mode} onChange={(m) => onChange(DEFAULTS[m]())}
        options={[{ value: "for", label: "For a while" }, { value: "until_date", label: "Until a date" },
          { value: "until_rule", label: "Until conditions are met (with a time limit)" },
          { value: "until_event", label: "Until the account does something (a product event, with a time limit)" }]} />
      {mode === "until_event" && (
        <>
          <EventNamePicker label="Event to wait for" value={config.until_event.name}
            onChange={(name) => onChange({ until_event: { ...config.until_event, name } })} />
          <EventFilter name={config.until_event.name} where={config.until_event.where} label="Wait event filter"
            onChange={(where) => {
              const { where: _drop, ...rest } = config.until_event;
              onChange({ until_event: where ? { ...rest, where } : rest });
            }} />
          <p className="small muted">Only events after the account reaches this step count.</p>
          <NumberField label="Otherwise take the “Timed out” path after (days)" min={0} step="1" value={config.until_event.timeout?.days}
            onChange={(days) => onChange({ until_event: { ...config.until_event, timeout: { ...config.until_event.timeout, days } } }, "timeout")} />
        </>
      )}
      {mode === "for" && (
        <div className="field-row three">
          {["days", "hours", "minutes"].map((unit) => (
            <NumberField key={unit} label={unit[0].toUpperCase() + unit.slice(1)} min={0} step="1" value={config.for?.[unit] ?? 0}
              onChange={(v) => onChange({ for: { ...config.for, [unit]: v ?? 0 } }, unit)} />
          ))}
        </div>
      )}
      {mode === "until_date" && (
        <>
          <SelectField label="Date field" value={config.until_date.property} options={dateAttributeOptions(catalog)}
            onChange={(property) => onChange({ until_date: { ...config.until_date, property } })} />
          <NumberField label="Offset in days (negative = before the date)" step="1" value={config.until_date.offset?.days ?? 0}
            onChange={(days) => onChange({ until_date: { ...config.until_date, offset: { days: days ?? 0 } } }, "offset")}
            hint="A date already past continues at once. An account with no date waits here until one is set; this wait has no time limit, so an account whose date is never set may wait indefinitely." />
        </>
      )}
      {mode === "until_rule" && (
        <>
          <RuleBuilder legend="Continue on the “Rule met” path when" value={config.until_rule.rule}
            onChange={(rule) => onChange({ until_rule: { ...config.until_rule, rule } }, "rule")} />
          <NumberField label="Otherwise take the “Timed out” path after (days)" min={0} step="1" value={config.until_rule.timeout?.days}
            onChange={(days) => onChange({ until_rule: { ...config.until_rule, timeout: { ...config.until_rule.timeout, days } } }, "timeout")} />
        </>
      )}
    </>
  );
}
