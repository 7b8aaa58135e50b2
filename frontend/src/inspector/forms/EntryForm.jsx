// entry: tracked segments, re-enrollment, and whether accounts already in them enroll.
import { useCatalog } from "../catalogContext.js";
import { CheckboxField, MultiCheck, NumberField, SelectField } from "../fields.jsx";
import EntrySegments from "../EntrySegments.jsx";

export default function EntryForm({ config, onChange }) {
  const catalog = useCatalog();
  const reenroll = config.reenroll || { mode: "never" };
  return (
    <>
      <MultiCheck legend="Accounts enter when they join a segment" value={config.segments || []}
        options={catalog.segments.map((s) => ({ value: s.key, label: s.name || s.key }))}
        empty="No segments yet: create one first." onChange={(segments) => onChange({ ...config, segments })} />
      <EntrySegments keys={config.segments || []} />
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
