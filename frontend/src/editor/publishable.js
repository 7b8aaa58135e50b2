// Whether Publish has anything to publish: the saved draft against the newest published version.
//
// The backend's publish (backend/services/journeys.py) freezes the saved draft verbatim, labels
// and canvas positions (`ui`) included, as a new version, whatever it contains. So a moved step
// is a change worth a version here too; only the order of keys inside JSON objects is ignored
// (the database may store them in another order than they were sent).

function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical(value[k])]));
  }
  return value;
}

/** True when two journey graphs are the same JSON document (key order aside). */
export function sameGraph(a, b) {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/**
 * The number of the published version the draft is identical to, or null when there is
 * something to publish. `savedGraph` is the draft as the server has it, `latest` the newest
 * published version ({version, graph}) or null; unsaved edits always count as a change.
 */
export function unchangedSince({ dirty, savedGraph, latest }) {
  if (dirty || !savedGraph || !latest?.graph) return null;
  return sameGraph(savedGraph, latest.graph) ? latest.version : null;
}
