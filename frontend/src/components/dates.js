// Dates and moments as every page shows them: one module, so the Outbox, the audit log, an
// account's timeline, the editor and the reports say them the same way.
//
// - A calendar date ("2025-12-08": a next billing date, a task's due date, a report's day):
//   "8 Dec 2025". The day itself: no time zone shifts it.
// - A moment (an ISO timestamp: an email sent, a step taken, an audit entry):
//   "8 Dec 2025, 09:00", in the viewer's time zone, on a 24-hour clock: the calendar date's
//   words and the time. Its title (momentTitle) says the same moment in UTC, in full ISO, and
//   names the zone the page shows — for comparing with a mail server's log or an API answer.
//   Moments are absolute, never "3 min ago": rows of a list compare at a glance, the audit log
//   and the outbox read alike, and a page left open does not go stale.
// - Durations (a wait's "3 days") are not here: steps say them in their own words.
//
// The words are fixed (day, English month abbreviation, year; never "12/08/2025", which reads
// two ways) whatever the browser's language, so every machine shows the same thing; only the
// time zone is the viewer's, and every function takes one (a test names it).
// Pure apart from the viewer's time zone.

export const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_MOMENT = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/i;
const HAS_OFFSET = /(Z|[+-]\d{2}(:?\d{2})?)$/i;

/** The viewer's time zone ("Europe/Paris"), as the browser says it. */
export function viewerTimeZone() {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/** True for a calendar date, "YYYY-MM-DD". */
export const isCalendarDate = (value) => typeof value === "string" && ISO_DATE.test(value);

/** True for an ISO timestamp with a time ("2025-12-08T09:00:00+00:00"). */
export const isMoment = (value) => typeof value === "string" && ISO_MOMENT.test(value);

/** A Date for an ISO moment (or a Date, or epoch ms); a timestamp without an offset is UTC, as the
 *  database keeps it. null when it is not one. */
function toDate(moment) {
  if (moment === null || moment === undefined || moment === "") return null;
  let date;
  if (moment instanceof Date) date = moment;
  else if (typeof moment === "number") date = new Date(moment);
  else if (typeof moment === "string") date = new Date(isMoment(moment) && !HAS_OFFSET.test(moment) ? `${moment}Z` : moment);
  else return null;
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "2025-12-08" → "8 Dec 2025"; anything else as it is ("" for nothing). */
export function dateWords(iso) {
  const m = typeof iso === "string" ? ISO_DATE.exec(iso) : null;
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return String(iso ?? "");
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

const formatters = new Map();
/** The moment's numeric parts (year, month, day, hour, minute) in `timeZone`. */
function partsIn(date, timeZone) {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", {
      timeZone, year: "numeric", month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    });
    formatters.set(timeZone, format);
  }
  return Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
}

/** "2025-12-08T09:00:00Z" → "8 Dec 2025, 09:00" in `timeZone` (default: the viewer's); "" for
 *  nothing or a value that is no moment. */
export function momentWords(moment, timeZone = viewerTimeZone()) {
  const date = toDate(moment);
  if (!date) return "";
  const p = partsIn(date, timeZone);
  return `${Number(p.day)} ${MONTHS[Number(p.month) - 1]} ${p.year}, ${p.hour}:${p.minute}`;
}

/** The moment in UTC, full ISO to the second ("2025-12-08T09:00:00Z"). */
export function momentIso(moment) {
  const date = toDate(moment);
  return date ? date.toISOString().replace(/\.\d{3}Z$/, "Z") : "";
}

/** A moment's tooltip: "2025-12-08T09:00:00Z (UTC) · shown in your time zone, Europe/Paris". */
export function momentTitle(moment, timeZone = viewerTimeZone()) {
  const iso = momentIso(moment);
  return iso ? `${iso} (UTC) · shown in your time zone, ${timeZone}` : "";
}

/** Today's calendar date in `timeZone` (default: the viewer's), "YYYY-MM-DD": what a date box
 *  starts at. `now` for tests. */
export function todayIso(timeZone = viewerTimeZone(), now = new Date()) {
  const p = partsIn(now, timeZone);
  return `${p.year}-${p.month.padStart(2, "0")}-${p.day.padStart(2, "0")}`;
}

/** "Day 7 · 8 Dec 2025, 09:00" for a simulated step ({day, at}): the journey's day, then the moment. */
export function simulatedWhen(step, timeZone = viewerTimeZone()) {
  const at = step?.at ? momentWords(step.at, timeZone) : "";
  return `Day ${step?.day ?? 0}${at ? ` · ${at}` : ""}`;
}

/** A raw value (a step's detail, an audit entry's before/after) that is a calendar date or a moment,
 *  in these words; undefined for any other value. */
export function whenWords(value, timeZone = viewerTimeZone()) {
  if (isCalendarDate(value)) return dateWords(value);
  if (isMoment(value)) return momentWords(value, timeZone) || undefined;
  return undefined;
}
