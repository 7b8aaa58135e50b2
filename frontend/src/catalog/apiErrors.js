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
 * {field: "message"} from marshmallow's {json: {field: [..]}} (or {query: …}), {field: [..]} or
 * [{field, message}].
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
  // webargs keys the messages by where the fields were read: the body (json) or the query
  const location = ["json", "query"].find((k) => details[k] && typeof details[k] === "object");
  const where = location ? details[location] : details;
  for (const [field, messages] of Object.entries(where)) collect(out, field, messages);
  return out;
}

// What the API says of a number no column can hold (backend/api/input_guard.py), in words that
// name the field: "MRR: this number is too large; type a smaller one."
const API_WORDS = [
  [/^Whole numbers must fit in 64 bits/, (label) => `${label}: this number is too large; type a smaller one.`],
  [/^Numbers must be finite/, (label) => `${label}: type a number.`],
];

const labelOf = (key, labels) => labels[key] || labels[key.split(".")[0]];

/**
 * The field messages to show, in plain words where the page has them: `words` maps a field (or
 * dotted path) to the sentence to show instead of the API's ("Due in (days): type a number of
 * days, 0 or more."), or to a function of the API's message giving one (or nothing: keep it); `labels` (field → its label on the page) lets the API's words for a number
 * too large name the field. Fields without words keep the API's message.
 */
export function plainFieldErrors(err, words = {}, labels = {}) {
  const out = fieldErrors(err);
  for (const key of Object.keys(out)) {
    const word = typeof words[key] === "function" ? words[key](out[key]) : words[key];
    if (word) out[key] = word;
    else {
      const said = API_WORDS.find(([pattern]) => pattern.test(out[key]));
      if (said) out[key] = said[1](labelOf(key, labels) || key);
    }
  }
  return out;
}

/**
 * `keys` (fields or dotted paths) in the order the page shows them: the order of `labels`
 * (field → label, written in form order); fields it does not know come last, as given.
 */
export function inFormOrder(keys, labels = {}) {
  const order = Object.keys(labels);
  const rank = (key) => {
    const at = order.indexOf(key);
    const top = order.indexOf(key.split(".")[0]);
    return at >= 0 ? at : top >= 0 ? top : order.length;
  };
  return keys.map((key, i) => [key, i]).sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1]).map(([key]) => key);
}

/** "Check “Key”, “Label” below.": the fields named by their labels, in form order. */
export function checkBelowText(keys, labels = {}) {
  const named = [...new Set(inFormOrder(keys, labels).map((f) => labelOf(f, labels) || f))].map((l) => `“${l}”`);
  return `Check ${named.join(", ")} below.`;
}

const BY_FIELD = /^Some fields are not valid/;

/**
 * A refused save's banner text: for "Some fields are not valid: due_in_days" (whose messages
 * the page shows under the fields), which fields in the page's `labels`, in the order the form
 * shows them ("Check “Label”, “Key” below."); any other refusal, its message.
 */
export function notSavedText(err, labels = {}) {
  const fields = Object.keys(fieldErrors(err));
  if (!fields.length || !BY_FIELD.test(err?.message || "")) return err?.message || String(err);
  return checkBelowText(fields, labels);
}

/**
 * A refused save as a form keeps it: {message (the banner's text), fields (messages under the
 * fields, in plain words), labels, byField (the banner only points at the fields)}. Pass it to
 * `clearField` as the person edits.
 */
export function formProblem(err, labels = {}, words = {}) {
  const fields = plainFieldErrors(err, words, labels);
  const byField = Object.keys(fields).length > 0 && BY_FIELD.test(err?.message || "");
  return { message: notSavedText(err, labels), fields, labels, byField };
}

/**
 * The problem once the field `key` changed: its messages go (those nested under it, and one
 * about the whole it is part of: changing "frequency_cap.emails" clears "frequency_cap"), and
 * the banner names only the fields still wrong — or goes, with the last of them. Another
 * refusal (not about fields) stays until the next save.
 */
export function clearField(problem, key) {
  if (!problem?.fields) return problem;
  const about = (k) => k === key || k.startsWith(`${key}.`) || key.startsWith(`${k}.`);
  const keys = Object.keys(problem.fields);
  if (!keys.some(about)) return problem;
  const fields = Object.fromEntries(keys.filter((k) => !about(k)).map((k) => [k, problem.fields[k]]));
  if (!problem.byField) return { ...problem, fields };
  if (!Object.keys(fields).length) return null;
  return { ...problem, fields, message: checkBelowText(Object.keys(fields), problem.labels) };
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
