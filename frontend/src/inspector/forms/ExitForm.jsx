// exit criteria: on goal, on enrollment (unenroll from other journeys), on segment exit, blacklist.
import { useCatalog } from "../catalogContext.js";
import { CheckboxField, MultiCheck, RadioGroup } from "../fields.jsx";
import RuleBuilder from "../RuleBuilder.jsx";

export default function ExitForm({ config, onChange, journeyKey }) {
  const catalog = useCatalog();
  const unenroll = config.on_enroll_unenroll_from || { mode: "none" };
  const set = (patch, key) => onChange({ ...config, ...patch }, key);
  return (
    <>
      <RadioGroup legend="When the goal is met" value={config.on_goal} onChange={(v) => set({ on_goal: v })}
        options={[{ value: "complete", label: "Complete the journey (exit)" }, { value: "continue", label: "Tag it and continue" }]} />
      <RadioGroup legend="When an account enrolls, remove it from" value={unenroll.mode}
        onChange={(mode) => set({ on_enroll_unenroll_from: mode === "specific" ? { mode, journeys: unenroll.journeys || [] } : { mode } })}
        options={[{ value: "none", label: "No other journeys" }, { value: "all", label: "All other journeys" }, { value: "specific", label: "Specific journeys" }]} />
      {unenroll.mode === "specific" && (
        <MultiCheck legend="Journeys" value={unenroll.journeys || []}
          options={catalog.journeys.filter((j) => j.key !== journeyKey).map((j) => ({ value: j.key, label: j.name || j.key }))}
          onChange={(journeys) => set({ on_enroll_unenroll_from: { mode: "specific", journeys } })} />
      )}
      <RadioGroup legend="When the account leaves the entry segment" value={config.on_segment_exit}
        onChange={(v) => set({ on_segment_exit: v })}
        options={[{ value: "unenroll", label: "Unenroll it" }, { value: "nothing", label: "Do nothing" }]} />
      <CheckboxField label="Unenroll at once when the exit rules hold (a blacklist)" checked={!!config.blacklist}
        onChange={(on) => set({ blacklist: on ? { any: [] } : null })} />
      {config.blacklist && (
        <RuleBuilder legend="Exit rules" value={config.blacklist} onChange={(rule) => set({ blacklist: rule }, "blacklist")} />
      )}
    </>
  );
}
