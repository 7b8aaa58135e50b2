// Values as a person reads them: typed (numbers grouped, dates in words, yes/no), never JSON,
// and moments in the viewer's time zone ("Day 7, Tue 8 Dec 09:00"). Pure apart from the
// viewer's time zone, which a test may pass in.

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** "2025-12-08" → "8 Dec 2025" (a calendar date: no time zone shift). */
export function dateWords(iso) {
  if (typeof iso !== "string" || !ISO_DATE.test(iso)) return String(iso ?? "");
  const [y, m, d] = iso.split("-").map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(date);
}

/** A field value of `type` ("number" | "text" | "date" | "boolean" | undefined) as words. */
export function valueWords(value, type) {
  if (value === undefined || value === null || value === "") return "not set";
  if (type === "boolean" || typeof value === "boolean") return value ? "Yes" : "No";
  if (type === "number" || typeof value === "number") {
    const n = Number(value);
    return Number.isFinite(n) ? n.toLocaleString("en-GB", { maximumFractionDigits: 2 }) : String(value);
  }
  if (type === "date" || (typeof value === "string" && ISO_DATE.test(value))) return dateWords(value);
  if (Array.isArray(value)) return value.map((v) => valueWords(v)).join(", ");
  if (typeof value === "object") return Object.entries(value).map(([k, v]) => `${k}: ${valueWords(v)}`).join(", ");
  return String(value);
}

/** "Tue 8 Dec 09:00" for an ISO moment, in `timeZone` (default: the viewer's). */
export function momentWords(iso, timeZone) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const parts = Object.fromEntries(new Intl.DateTimeFormat("en-GB", {
    weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    ...(timeZone ? { timeZone } : {}),
  }).formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.hour}:${parts.minute}`;
}

/** "Day 7, Tue 8 Dec 09:00" for a simulated step ({day, at}). */
export function simulatedWhen(step, timeZone) {
  const at = step?.at ? momentWords(step.at, timeZone) : "";
  return `Day ${step?.day ?? 0}${at ? `, ${at}` : ""}`;
}
