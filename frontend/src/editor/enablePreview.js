// What Enable would do: GET /enable-preview counts the entry's segments and names its events.
import { getEnablePreview } from "../api/journeys.js";

/** GET /enable-preview, with `events` ([{name, where}]) always a list. */
export async function loadEnablePreview(journeyId) {
  const preview = await getEnablePreview(journeyId);
  return { ...preview, events: Array.isArray(preview?.events) ? preview.events : [] };
}
