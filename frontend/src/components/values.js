// Values as a person reads them: typed (numbers grouped, dates as dates.js says them, yes/no),
// never JSON. Pure.

import { isCalendarDate, whenWords } from "./dates.js";

/** A field value of `type` ("number" | "text" | "date" | "boolean" | undefined) as words. */
export function valueWords(value, type) {
  if (value === undefined || value === null || value === "") return "not set";
  if (type === "boolean" || typeof value === "boolean") return value ? "Yes" : "No";
  if (type === "number" || typeof value === "number") {
    const n = Number(value);
    return Number.isFinite(n) ? n.toLocaleString("en-GB", { maximumFractionDigits: 2 }) : String(value);
  }
  if (type === "date" || isCalendarDate(value)) return whenWords(value) ?? String(value);
  if (Array.isArray(value)) return value.map((v) => valueWords(v)).join(", ");
  if (typeof value === "object") return Object.entries(value).map(([k, v]) => `${k}: ${valueWords(v)}`).join(", ");
  return String(value);
}
