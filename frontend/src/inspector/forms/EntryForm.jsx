// entry: tracked segments, re-enrollment, and whether accounts already in them enroll.
import { useCatalog } from "../catalogContext.js";
import { CheckboxField, MultiCheck, NumberField, SelectField } from "../fields.jsx";
import EntrySegments from "../EntrySegments.jsx";
import { EventFilter, EventNamePicker } from "../EventFields.jsx";

/** Entry by event (SPEC §7): each event (with an optional property filter) enrolls the account. */
function EntryEvents({ events, onChange }) {
  return (
    <fieldset className="entry-events">
      <legend>…or when the account does something (a product event)</legend>
      {events.length === 0 && <p className="muted small">No events: only segments enroll.</p>}
      {events.map((ev, i) => (
        <div key={i} className="card small-card">
          <EventNamePicker label={`Entry event ${i + 1}`} value={ev.name}
            onChange={(name) => onChange(events.map((x, j) => (j === i ? { ...x, name } : x)))} />
          <EventFilter name={ev.name} where={ev.where} label={`Entry event ${i + 1}: filter`}
            onChange={(where) => onChange(events.map((x, j) => (j === i ? (where ? { ...x, where } : { name: x.name }) : x)))} />
          <button type="button" className="small danger" onClick={() => onChange(events.filter((_, j) => j !== i))}>Remove event</button>
        </div>
      ))}
      <button type="button" className="small" onClick={() => onChange([...events, { name: "" }])}>+ Event</button>
    </fieldset>
  );
}

export default function EntryForm({ config, onChange }) {
  const catalog = useCatalog();
  const reenroll = config.reenroll || { mode: "never" };
  return (
    <>
      <MultiCheck legend="Accounts enter when they join a segment" value={config.segments || []}
        options={catalog.segments.map((s) => ({ value: s.key, label: s.name || s.key }))}
        empty="No segments yet: create one first." onChange={(segments) => onChange({ ...config, segments })} />
      <EntrySegments keys={config.segments || []} />
      <EntryEvents events={config.events || []} onChange={(events) => {
        const { events: _drop, ...rest } = config;
        onChange(events.length ? { ...rest, events } : rest);
      }} />
      <SelectField label="Re-enrollment" value={reenroll.mode} allowEmpty={false}
        onChange={(mode) => onChange({ ...config, reenroll: mode === "after_days" ? { mode, days: reenroll.days || 30 } : { mode } })}
        options={[{ value: "never", label: "Don't re-enroll" }, { value: "every_time", label: "Every time it re-enters a segment" },
          { value: "after_days", label: "Again after some days" }]} />
      {reenroll.mode === "after_days" && (
        <NumberField label="Re-enroll after (days)" min={1} step="1" value={reenroll.days}
          onChange={(days) => onChange({ ...config, reenroll: { mode: "after_days", days } }, "days")} />
      )}
      <CheckboxField label="Also enroll accounts already in the segments when the journey is enabled"
        checked={config.enroll_existing} onChange={(v) => onChange({ ...config, enroll_existing: v })} />
    </>
  );
}
