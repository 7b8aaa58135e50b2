// Workspace settings (SPEC §8; admins): default time zone, frequency cap, tracking, public URL.
import { api } from "./client.js";

/** GET /api/settings → {default_timezone, frequency_cap: {emails, per_days} | null, tracking, public_url} */
export const getSettings = () => api.get("/api/settings");
/** PUT /api/settings with any subset of the keys → the settings; 422 names each bad key in `details`. */
export const putSettings = (changes) => api.put("/api/settings", changes);

/** IANA time zone names the browser knows (for pickers); a short list when it cannot say. */
export function timeZoneNames() {
  try {
    const names = Intl.supportedValuesOf("timeZone");
    return names.includes("UTC") ? names : ["UTC", ...names];
  } catch {
    return ["UTC", "Europe/London", "Europe/Berlin", "America/New_York", "America/Chicago", "America/Los_Angeles",
      "Asia/Singapore", "Asia/Tokyo", "Australia/Sydney"];
  }
}
