// The report's date range: two dates (UTC days), quick picks, and day/week buckets.
import { lastDays, rangeProblem } from "./reportData.js";

const PRESETS = [[7, "7 days"], [30, "30 days"], [90, "90 days"], [365, "1 year"]];

export default function DateRange({ value, onChange, showBucket = true }) {
  const problem = rangeProblem(value);
  const set = (patch) => onChange({ ...value, ...patch });
  return (
    <fieldset className="report-range">
      <legend>Period (UTC days)</legend>
      <label>From <input type="date" value={value.from} onChange={(e) => set({ from: e.target.value })} /></label>
      <label>To <input type="date" value={value.to} onChange={(e) => set({ to: e.target.value })} /></label>
      {showBucket && (
        <label>By <select value={value.bucket || "day"} onChange={(e) => set({ bucket: e.target.value })}>
          <option value="day">day</option><option value="week">week</option>
        </select></label>
      )}
      <span className="presets">
        {PRESETS.map(([days, label]) => (
          <button key={days} type="button" className="small" onClick={() => set(lastDays(days))}>Last {label}</button>
        ))}
      </span>
      {problem && <p className="field-error" role="alert">{problem}</p>}
    </fieldset>
  );
}
