// A moment as every page shows it (dates.js): "8 Dec 2025, 09:00" in the viewer's time zone, in a
// <time> whose title gives it in UTC (full ISO) and names the zone shown; nothing for no moment.
import { momentIso, momentTitle, momentWords, viewerTimeZone } from "./dates.js";

export default function Moment({ at, timeZone }) {
  const words = momentWords(at, timeZone);
  if (!words) return null;
  return <time dateTime={momentIso(at)} title={momentTitle(at, timeZone)}>{words}</time>;
}

const UTC = new Set(["UTC", "Etc/UTC", "Etc/GMT", "GMT"]);

/** The line under a list of moments that says which time zone they are in. */
export function TimeZoneNote({ timeZone = viewerTimeZone() }) {
  return (
    <p className="muted small time-zone-note">
      {UTC.has(timeZone) ? "Times are in UTC, your time zone." : `Times are in your time zone (${timeZone}); point at one to see it in UTC.`}
    </p>
  );
}
