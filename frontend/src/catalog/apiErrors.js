// Turns the API's error shape ({error: {code, message, details}}, as ApiError) into what an admin
// reads: messages under the fields they concern, a rule's problems as a list, and a refused
// delete as "used by journey “Renewal in 90 days”".

/** Marshmallow's messages for one field: a list of strings, a string, or (a nested schema, a
 * list's items) an object of the same, keyed by sub-field or index. */
function collect(out, path, messages) {
  if (typeof messages === "string") out[path] = messages;
  else if (Array.isArray(messages) && messages.every((m) => typeof m === "string")) out[path] = messages.join(" ");
  else if (messages && typeof messages === "object" && !Array.isArray(messages)) {
    for (const [key, inner] of Object.entries(messages)) collect(out, `${path}.${key}`, inner);
  }
}

/**
 * {field: "message"} from marshmallow's {json: {field: [..]}}, {field: [..]} or [{field, message}].
 * A nested field's messages are under its dotted path: {frequency_cap: {emails: [..]}} gives
 * {"frequency_cap.emails": ".."} — never an object where words belong.
 */
export function fieldErrors(err) {
  const details = err?.details;
  const out = {};
  if (Array.isArray(details)) {
    for (const d of details) if (d && typeof d === "object" && d.field) out[d.field] = d.message;
    return out;
  }
  if (!details || typeof details !== "object") return out;
  const where = details.json && typeof details.json === "object" ? details.json : details;
  for (const [field, messages] of Object.entries(where)) collect(out, field, messages);
  return out;
}

/**
 * The field messages to show, in plain words where the page has them: `words` maps a field (or
 * dotted path) to the sentence to show instead of the API's ("Due in (days): type a number of
 * days, 0 or more."). Fields without words keep the API's message.
 */
export function plainFieldErrors(err, words = {}) {
  const out = fieldErrors(err);
  for (const key of Object.keys(out)) if (words[key]) out[key] = words[key];
  return out;
}

/**
 * A refused save's banner text: for "Some fields are not valid: due_in_days" (whose messages
 * the page shows under the fields), which fields in the page's `labels` ("Check “Due in (days)”
 * below."); any other refusal, its message.
 */
export function notSavedText(err, labels = {}) {
  const fields = Object.keys(fieldErrors(err));
  if (!fields.length || !/^Some fields are not valid/.test(err?.message || "")) return err?.message || String(err);
  const named = [...new Set(fields.map((f) => labels[f] || labels[f.split(".")[0]] || f))].map((l) => `“${l}”`);
  return `Check ${named.join(", ")} below.`;
}

/** The problems a 422 for a rule carries: [{code, message}] (plainProblem says them in words). */
export function problemList(err) {
  const details = err?.details;
  if (!Array.isArray(details)) return [];
  return details.filter((d) => d && typeof d === "object" && !d.field && d.message);
}

function names(keys, list) {
  return (keys || []).map((key) => {
    const row = (list || []).find((x) => x.key === key);
    return `“${row?.name || key}”`;
  });
}

/**
 * Why a delete was refused, readably: "“Renewal in 90 days” cannot be deleted: it is used by
 * journey “Renewal” and segment “At risk”. Remove it from them first." Other errors: their message.
 */
export function refusalText(err, catalog = {}, label = "It") {
  const d = err?.details;
  if (err?.status === 409 && d && typeof d === "object" && (d.journeys?.length || d.segments?.length)) {
    const parts = [];
    const journeys = names(d.journeys, catalog.journeys);
    const segments = names(d.segments, catalog.segments);
    if (journeys.length) parts.push(`${journeys.length === 1 ? "journey" : "journeys"} ${journeys.join(", ")}`);
    if (segments.length) parts.push(`${segments.length === 1 ? "segment" : "segments"} ${segments.join(", ")}`);
    if (/enabled journeys/i.test(err.message || "")) {
      return `${label} cannot be deleted: the enabled ${parts.join(" and ")} ${journeys.length === 1 ? "sends" : "send"} it. Disable ${journeys.length === 1 ? "it" : "them"} first.`;
    }
    return `${label} cannot be deleted: it is used by ${parts.join(" and ")}. Remove it from ${
      journeys.length + segments.length > 1 ? "them" : journeys.length ? "that journey" : "that segment"} first.`;
  }
  return err?.message || String(err);
}
