// The account edit form's logic, apart from the screen: the fields it shows (standard ones in the
// order people read them, staff pickers, the catalog's custom attributes), the form's values for an
// account, and what a save sends — only what changed: a PATCH body (an emptied field as null, which
// unsets it) and the milestones/outcomes to mark or unmark. Pure: the catalog is passed in.
import { accountFields } from "../inspector/ruleModel.js";
import { formProblem } from "../catalog/apiErrors.js";

// The standard fields in the order the card and the form show them; any other field the
// vocabulary adds comes after them. external_id names the account in the URL: never edited.
const ORDER = ["name", "stage", "status", "mrr", "amount", "licenses", "created_on", "next_billing_on", "timezone"];
// Money and counts: a minus sign is not taken (custom numbers, such as a score, may be negative).
const NOT_NEGATIVE = new Set(["mrr", "amount", "licenses"]);
const HINTS = { timezone: "An IANA name such as Europe/Berlin. Empty: the workspace's default time zone." };
export const STAFF = [["csm", "CSM"], ["sales_manager", "Sales manager"]];
export const MARKS = [["milestones", "Milestones met"], ["outcomes", "Outcomes reached"]];

const customKey = (attr) => String(attr.key).replace(/^custom\./, "");

/** The standard fields: [{key, label, type, min, hint}] (name first, external_id left out). */
export function standardFields(catalog) {
  const fields = [["name", "Name", "text"], ...accountFields(catalog)].filter(([key]) => key !== "external_id");
  const rank = (key) => (ORDER.includes(key) ? ORDER.indexOf(key) : ORDER.length);
  return fields.sort((a, b) => rank(a[0]) - rank(b[0])).map(([key, label, type]) => ({
    key, label, type, min: NOT_NEGATIVE.has(key) ? 0 : undefined, hint: HINTS[key] }));
}

/** The catalog's custom attributes: [{key (without "custom."), label, type}]. */
export function customFields(catalog) {
  // (a label of spaces, saved before labels had to have words, shows the key)
  return (catalog?.attributes || []).map((a) => ({ key: customKey(a), label: a.label?.trim() || customKey(a), type: a.type }));
}

/** Staff who can be an account's CSM or sales manager (support users cannot), as select options;
 *  the account's own when the catalog does not list it, so a save never changes it unasked. */
export function staffOptions(catalog, current) {
  const options = (catalog?.users || []).filter((u) => u.role !== "support").map((u) => ({
    value: u.email, label: `${u.name || u.email}${u.role ? ` (${u.role === "csm" ? "CSM" : u.role.replace("_", " ")})` : ""}` }));
  if (current && !options.some((o) => o.value === current)) options.push({ value: current, label: `${current} (not a staff user)` });
  return options;
}

/** The catalog's milestones or outcomes as checkbox options, and any the account has that it lacks. */
export function markOptions(catalog, kind, account) {
  const options = (catalog?.[kind] || []).map((m) => ({ value: m.key, label: m.name || m.key }));
  for (const key of account?.[kind] || []) if (!options.some((o) => o.value === key)) options.push({ value: key, label: key });
  return options;
}

// A value as the form holds it: text and dates as strings ("" = not set), numbers as a number or
// null, a yes/no as true, false or null.
function formValue(value, type) {
  if (type === "number") return typeof value === "number" ? value : null;
  if (type === "boolean") return typeof value === "boolean" ? value : null;
  return value === undefined || value === null ? "" : String(value);
}

// A form value as the API takes it: empty → null (unset); text without the spaces around it.
function apiValue(value, type) {
  if (type === "number") return typeof value === "number" && Number.isFinite(value) ? value : null;
  if (type === "boolean") return typeof value === "boolean" ? value : null;
  const text = String(value ?? "").trim();
  return text === "" ? null : text;
}

/** The form's values for an account. */
export function formOf(account, catalog) {
  const a = account || {};
  const users = catalog?.users || [];
  // The catalog spells staff emails in lower case; the select must find the account's among them.
  const staff = (email) => (email ? users.find((u) => u.email.toLowerCase() === String(email).toLowerCase())?.email || email : "");
  return {
    ...Object.fromEntries(standardFields(catalog).map((f) => [f.key, formValue(a[f.key], f.type)])),
    ...Object.fromEntries(STAFF.map(([key]) => [key, staff(a[key])])),
    custom: Object.fromEntries(customFields(catalog).map((f) => [f.key, formValue(a.custom?.[f.key], f.type)])),
    ...Object.fromEntries(MARKS.map(([kind]) => [kind, [...(a[kind] || [])]])),
  };
}

/**
 * What a save sends, comparing the form with the values it started from (both from formOf):
 * {fields: PATCH body of the changed fields only, marks: [{kind, key, met}]}. An emptied field
 * is null (the API unsets it; a custom key is removed); untouched fields are never sent, so a
 * value the form cannot show exactly is kept as it is.
 */
export function changesOf(initial, form, catalog) {
  const fields = {};
  for (const f of standardFields(catalog)) {
    const value = apiValue(form[f.key], f.type);
    if (value !== apiValue(initial[f.key], f.type)) fields[f.key] = value;
  }
  for (const [key] of STAFF) {
    const value = apiValue(form[key], "text");
    if (value !== apiValue(initial[key], "text")) fields[key] = value;
  }
  const custom = {};
  for (const f of customFields(catalog)) {
    const value = apiValue(form.custom?.[f.key], f.type);
    if (value !== apiValue(initial.custom?.[f.key], f.type)) custom[f.key] = value;
  }
  if (Object.keys(custom).length) fields.custom = custom;
  const marks = [];
  for (const [kind] of MARKS) {
    const before = new Set(initial[kind] || []);
    const after = new Set(form[kind] || []);
    for (const key of after) if (!before.has(key)) marks.push({ kind, key, met: true });
    for (const key of before) if (!after.has(key)) marks.push({ kind, key, met: false });
  }
  return { fields, marks };
}

/** True when a save would send nothing. */
export const isUnchanged = ({ fields, marks }) => !Object.keys(fields).length && !marks.length;

/** Every field's label by the path the API names it with ("mrr", "csm", "custom.nps"). */
export function fieldLabels(catalog) {
  return {
    ...Object.fromEntries(standardFields(catalog).map((f) => [f.key, f.label])),
    ...Object.fromEntries(STAFF),
    ...Object.fromEntries(customFields(catalog).map((f) => [`custom.${f.key}`, f.label])),
  };
}

const sentence = (text) => (text ? text[0].toUpperCase() + text.slice(1) : text);

/**
 * A refused save (ApiError) as {message, fields, …}: `fields` are the messages to show under the
 * fields ({"mrr": "Not a valid number.", "custom.nps": "Must be a number (number)."}, a number
 * too large as "MRR: this number is too large; type a smaller one."); `message` says where to
 * look, or — for a field the form does not show — what the API said about it. The form passes
 * it to apiErrors' `clearField` as a field changes.
 */
export function saveProblem(err, catalog) {
  const labels = fieldLabels(catalog);
  const said = formProblem(err, labels);
  const fields = Object.fromEntries(Object.entries(said.fields).map(([k, v]) => [k, sentence(v)]));
  const hidden = Object.keys(fields).filter((k) => !labels[k]);
  if (hidden.length) return { message: `${err.message} (${hidden.map((k) => `${k}: ${fields[k]}`).join("; ")})`, fields };
  return { ...said, fields };
}
