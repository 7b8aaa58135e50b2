// The journey's send window (graph settings.send_window, SPEC §8): emails and tasks reached
// outside it wait at their step until it opens, in the account's time zone (or a fixed one).
// Shown in the journey settings (nothing selected on the canvas); versioned with the graph.
import { useId } from "react";
import { editorStore, useEditor } from "../store/editorStore.js";
import { timeZoneNames } from "../api/settings.js";
import { CheckboxField, MultiCheck } from "./fields.jsx";
import { sendWindowProblem } from "../graph/problems.js";

export const DAYS = [["mon", "Mon"], ["tue", "Tue"], ["wed", "Wed"], ["thu", "Thu"], ["fri", "Fri"], ["sat", "Sat"], ["sun", "Sun"]];
export const DEFAULT_WINDOW = { days: ["mon", "tue", "wed", "thu", "fri"], start: "09:00", end: "17:00", timezone: "account" };
const ZONES = timeZoneNames();

/** A sentence for the window: "Mon–Fri 09:00–17:00, the account's time zone". */
export function describeWindow(w) {
  if (!w) return "Emails and tasks go at any time.";
  const days = DAYS.filter(([d]) => w.days?.includes(d)).map(([, label]) => label).join(", ");
  const zone = w.timezone === "account" ? "in each account's time zone" : `in ${w.timezone}`;
  return `Emails and tasks go ${days || "on no day"} from ${w.start} to ${w.end}, ${zone}; outside, they wait for the window.`;
}

export default function SendWindowFields() {
  const sendWindow = useEditor((s) => s.extra?.settings?.send_window ?? null);
  // The server's check of the window (the Problems tab lists the same), said here in words; no
  // days is said at once, without waiting for the check.
  const problems = useEditor((s) => s.problems);
  const said = new Set(problems.filter((p) => !p.node_id && !p.edge && !/send_window\.days\b/.test(p.message))
    .map((p) => sendWindowProblem(p.message)).filter(Boolean));
  if (sendWindow && !sendWindow.days?.length) said.add(sendWindowProblem("send_window.days"));
  const ids = { start: useId(), end: useId(), zone: useId(), list: useId() };
  const set = (value, key) => editorStore.getState().setGraphSetting("send_window", value, key);
  const patch = (p, key) => set({ ...sendWindow, ...p }, key);
  const fixed = sendWindow && sendWindow.timezone !== "account";
  return (
    <fieldset className="send-window" aria-label="Send window">
      <legend>Send window</legend>
      <CheckboxField label="Only send emails and create tasks inside a send window" checked={!!sendWindow}
        onChange={(on) => set(on ? DEFAULT_WINDOW : null)} />
      {sendWindow && (
        <>
          <MultiCheck legend="Days" options={DAYS.map(([value, label]) => ({ value, label }))} value={sendWindow.days || []}
            onChange={(days) => patch({ days: DAYS.map(([d]) => d).filter((d) => days.includes(d)) })} />
          {said.size > 0 && ( // right under the days, above the times it may also be about
            <ul className="field-problems error small" data-testid="send-window-problems" role="alert">
              {[...said].map((text) => <li key={text}>{text}</li>)}
            </ul>
          )}
          <div className="field-row">
            <label htmlFor={ids.start}>From</label>
            <input id={ids.start} type="time" value={sendWindow.start} onChange={(e) => patch({ start: e.target.value }, "window-start")} />
            <label htmlFor={ids.end}>to</label>
            <input id={ids.end} type="time" value={sendWindow.end === "24:00" ? "" : sendWindow.end}
              onChange={(e) => patch({ end: e.target.value || "24:00" }, "window-end")} />
          </div>
          <CheckboxField label="In each account's time zone (else the workspace default)" checked={!fixed}
            onChange={(on) => patch({ timezone: on ? "account" : "UTC" })} />
          {fixed && (
            <div className="field">
              <label htmlFor={ids.zone}>Time zone</label>
              <input id={ids.zone} list={ids.list} value={sendWindow.timezone} onChange={(e) => patch({ timezone: e.target.value }, "window-zone")} />
              <datalist id={ids.list}>{ZONES.map((z) => <option key={z} value={z} />)}</datalist>
            </div>
          )}
        </>
      )}
      <p className="muted small">{describeWindow(sendWindow)} A step can opt out (“Go at once, outside the send window too”).</p>
    </fieldset>
  );
}
