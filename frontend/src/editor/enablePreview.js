// What Enable would do, with the entry's events: GET /enable-preview counts the entry's segments
// but does not say its events, so they are read from the published version Enable uses.
import { getEnablePreview, listVersions } from "../api/journeys.js";
import { entryEvents } from "./confirmations.js";

/** GET /enable-preview plus `events` ([{name, where}]) of the entry of the version it is about. */
export async function loadEnablePreview(journeyId) {
  const [preview, versions] = await Promise.all([getEnablePreview(journeyId), listVersions(journeyId).catch(() => null)]);
  if (Array.isArray(preview?.events)) return preview; // an API that says them itself
  const version = (versions || []).find((v) => v.version === preview?.version) || versions?.[0];
  return { ...preview, events: entryEvents(version?.graph) };
}
