// The account edit form's logic, apart from the screen: the fields it shows (standard ones in the
// order people read them, staff pickers, the catalog's custom attributes, contacts and
// subscriptions), the form's values for an account, and what a save sends — only what changed: a
// PATCH body (an emptied field as null, which unsets it) and the milestones/outcomes to mark or
// unmark. Contacts and subscriptions go as whole lists (the API replaces them) and only when one
// was added, changed or removed. Pure: the catalog is passed in.
import { accountFields, subscriptionFields } from "../inspector/ruleModel.js";
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

// Contacts (SPEC §5: name, email, role) and their limits (the API's).
export const CONTACT_FIELDS = [["name", "Name"], ["email", "Email"], ["role", "Role"]];
const CONTACT_LIMITS = { name: 300, email: 254, role: 100 };
const SUBSCRIPTION_TEXT_LIMIT = 1000;
// A subscription's fields in the order people read them: what it is, what it is worth, then when.
const SUBSCRIPTION_ORDER = ["product_name", "plan_name", "status", "mrr", "amount", "plan_quantity", "plan_unit_price",
  "starts_on", "ends_on", "activated_on", "cancelled_on", "created_on", "next_billing_on", "trial_starts_on", "trial_ends_on"];
const SUBSCRIPTION_LABELS = { product_name: "Product", plan_name: "Plan", plan_quantity: "Quantity", plan_unit_price: "Unit price" };
const SUBSCRIPTION_NOT_NEGATIVE = new Set(["mrr", "amount", "plan_quantity", "plan_unit_price"]);
// Statuses a billing system uses, offered beside the ones the account's subscriptions have.
const SUBSCRIPTION_STATUSES = ["active", "in_trial", "non_renewing", "paused", "cancelled"];
// Loose on purpose: one @, something on both sides, a dot in the domain. The server's check is
// the stricter one; its 422 lands under the row too.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A subscription's fields: [{key, label, type, min}] in reading order. */
export function subscriptionFormFields(catalog) {
  const rank = (key) => (SUBSCRIPTION_ORDER.includes(key) ? SUBSCRIPTION_ORDER.indexOf(key) : SUBSCRIPTION_ORDER.length);
  return subscriptionFields(catalog).sort((a, b) => rank(a[0]) - rank(b[0])).map(([key, label, type]) => ({
    key, label: SUBSCRIPTION_LABELS[key] || label, type, min: SUBSCRIPTION_NOT_NEGATIVE.has(key) ? 0 : undefined }));
}

let lastKey = 0;
const rowKey = (kind) => `${kind}-new-${++lastKey}`;

/** A blank contact row, to add to the form's `contacts`. */
export const newContact = () => ({ key: rowKey("contact"), name: "", email: "", role: "", from: null, removed: false });

/** A blank subscription row, to add to the form's `subscriptions`. */
export function newSubscription(catalog) {
  return { key: rowKey("subscription"), values: Object.fromEntries(subscriptionFormFields(catalog).map((f) => [f.key, formValue(null, f.type)])),
    from: null, removed: false };
}

// The rows the form holds for an account's list: each keeps the item it was read as (`from`: null
// for a new one), so what is left untouched goes back exactly as it came.
const contactRow = (c, i) => ({ key: `contact-${i}`, ...Object.fromEntries(CONTACT_FIELDS.map(([f]) => [f, formValue(c?.[f], "text")])),
  from: c, removed: false });
const subscriptionRow = (catalog) => (s, i) => ({ key: `subscription-${i}`,
  values: Object.fromEntries(subscriptionFormFields(catalog).map((f) => [f.key, formValue(s?.[f.key], f.type)])), from: s, removed: false });

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
    contacts: (a.contacts || []).map(contactRow),
    subscriptions: (a.subscriptions || []).map(subscriptionRow(catalog)),
  };
}

// A field of a row as the API takes it: the value it was read with when the form has not changed
// it (a value the form cannot show exactly is kept), else the form's value in API terms.
function rowValue(row, key, value, type) {
  const api = apiValue(value, type);
  if (row.from && apiValue(formValue(row.from[key], type), type) === api) return row.from[key] ?? null;
  return api;
}

const isBlank = (values, fields) => fields.every(([key, type]) => apiValue(values[key], type) === null);
const contactBlank = (row) => isBlank(row, CONTACT_FIELDS.map(([f]) => [f, "text"]));

/** The contact rows a save keeps, in order: not removed, and not a new row left empty. */
export const keptContacts = (rows) => (rows || []).filter((r) => !r.removed && !(r.from === null && contactBlank(r)));

/** The subscription rows a save keeps (as keptContacts). */
export function keptSubscriptions(rows, catalog) {
  const fields = subscriptionFormFields(catalog).map((f) => [f.key, f.type]);
  return (rows || []).filter((r) => !r.removed && !(r.from === null && isBlank(r.values, fields)));
}

const contactOut = (row) => Object.fromEntries(CONTACT_FIELDS.map(([f]) => [f, rowValue(row, f, row[f], "text")]));
const subscriptionOut = (catalog) => (row) => ({
  ...(row.from || {}), // any field this screen does not know goes back as it came
  ...Object.fromEntries(subscriptionFormFields(catalog).map((f) => [f.key, rowValue(row, f.key, row.values[f.key], f.type)])),
});

const sameJson = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** {contacts?, subscriptions?}: each list as the API takes it, when it differs from the initial one. */
function listChanges(initial, form, catalog) {
  const out = {};
  const contacts = keptContacts(form.contacts).map(contactOut);
  if (!sameJson(contacts, keptContacts(initial.contacts).map(contactOut))) out.contacts = contacts;
  const subs = keptSubscriptions(form.subscriptions, catalog).map(subscriptionOut(catalog));
  if (!sameJson(subs, keptSubscriptions(initial.subscriptions, catalog).map(subscriptionOut(catalog)))) out.subscriptions = subs;
  return out;
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
  Object.assign(fields, listChanges(initial, form, catalog));
  const marks = [];
  for (const [kind] of MARKS) {
    const before = new Set(initial[kind] || []);
    const after = new Set(form[kind] || []);
    for (const key of after) if (!before.has(key)) marks.push({ kind, key, met: true });
    for (const key of before) if (!after.has(key)) marks.push({ kind, key, met: false });
  }
  return { fields, marks };
}

const tooLong = (text, max) => (String(text ?? "").trim().length > max ? `At most ${max} characters.` : null);

/**
 * What the browser can tell before a save, as {"contacts.<row key>.<field>": message}: a contact
 * needs an email address that looks like one, at most once per account (case aside: the same
 * mailbox would get every email twice); texts within the API's limits. Only what was typed is
 * checked for its form (an address the server took before stays as it is); removed rows and new
 * rows left empty are not checked. Empty: nothing to say.
 */
export function listProblems(form, catalog) {
  const problems = {};
  const seen = new Map();
  for (const row of keptContacts(form.contacts)) {
    const at = (field, message) => { if (message && !problems[`contacts.${row.key}.${field}`]) problems[`contacts.${row.key}.${field}`] = message; };
    const email = String(row.email ?? "").trim();
    const typed = !row.from || email !== String(row.from.email ?? "").trim();
    if (!email) at("email", "Type the contact's email address.");
    else if (typed && !EMAIL.test(email)) at("email", "Not an email address: type one such as ana@example.com.");
    else if (typed) at("email", tooLong(email, CONTACT_LIMITS.email));
    const folded = email.toLowerCase();
    if (email && seen.has(folded)) at("email", `${seen.get(folded)} has this address already: one row per person.`);
    else if (email) seen.set(folded, row.name?.trim() ? `“${row.name.trim()}” above` : "A contact above");
    at("name", tooLong(row.name, CONTACT_LIMITS.name));
    at("role", tooLong(row.role, CONTACT_LIMITS.role));
  }
  for (const row of keptSubscriptions(form.subscriptions, catalog)) {
    for (const f of subscriptionFormFields(catalog)) {
      if (f.type === "text" && tooLong(row.values[f.key], SUBSCRIPTION_TEXT_LIMIT)) {
        problems[`subscriptions.${row.key}.${f.key}`] = tooLong(row.values[f.key], SUBSCRIPTION_TEXT_LIMIT);
      }
    }
  }
  return problems;
}

/** Roles to suggest for a contact: the workspace's (the catalog's contact_roles), the ones this
 *  account's contacts have, and those typed in the form; each once, in alphabetical order. */
export function roleSuggestions(catalog, rows) {
  const roles = new Map();
  for (const role of [...(catalog?.contact_roles || []), ...(rows || []).flatMap((r) => [r.role, r.from?.role])]) {
    const text = String(role ?? "").trim();
    if (text && !roles.has(text.toLowerCase())) roles.set(text.toLowerCase(), text);
  }
  return [...roles.values()].sort((a, b) => a.localeCompare(b));
}

/** Statuses to suggest for a subscription: the account's own, then common billing ones. */
export function statusSuggestions(rows) {
  const own = (rows || []).flatMap((r) => [r.values?.status, r.from?.status]).map((s) => String(s ?? "").trim()).filter(Boolean);
  return [...new Set([...own, ...SUBSCRIPTION_STATUSES])];
}

/** True when a save would send nothing. */
export const isUnchanged = ({ fields, marks }) => !Object.keys(fields).length && !marks.length;

/** Every field's label by the path the API names it with ("mrr", "csm", "custom.nps"). */
export function fieldLabels(catalog) {
  return {
    contacts: "Contacts", subscriptions: "Subscriptions",
    ...Object.fromEntries(standardFields(catalog).map((f) => [f.key, f.label])),
    ...Object.fromEntries(STAFF),
    ...Object.fromEntries(customFields(catalog).map((f) => [`custom.${f.key}`, f.label])),
  };
}

const sentence = (text) => (text ? text[0].toUpperCase() + text.slice(1) : text);

// "contacts.1.email" (the API counts the rows it was sent) → "contacts.<that row's key>.email".
function toRowKey(path, sent) {
  const [list, index, ...rest] = path.split(".");
  const key = sent?.[list]?.[Number(index)];
  return key !== undefined && /^\d+$/.test(index) ? [list, key, ...rest].join(".") : path;
}

/** The rows a save sends, by list: {contacts: [row key, ...], subscriptions: [...]}, in the order
 *  the API sees them (its 422 names a row by that index). */
export function sentRows(form, catalog) {
  return { contacts: keptContacts(form.contacts).map((r) => r.key), subscriptions: keptSubscriptions(form.subscriptions, catalog).map((r) => r.key) };
}

/**
 * A refused save (ApiError) as {message, fields}: `fields` are the messages to show under the
 * fields ({"mrr": "Not a valid number.", "custom.nps": "Must be a number (number).",
 * "contacts.<row key>.email": "Not a valid email address."}: a row's by its key, given `sent`
 * from sentRows); `message` says where to look, or — for a field the form does not show — what
 * the API said about it. A number too large reads "MRR: this number is too large; type a smaller one."; the
 * form passes the problem to apiErrors' `clearField` as a field changes.
 */
export function saveProblem(err, catalog, sent) {
  const labels = fieldLabels(catalog);
  const said = formProblem(err, labels);
  const fields = Object.fromEntries(Object.entries(said.fields).map(([k, v]) => [toRowKey(k, sent), sentence(v)]));
  const hidden = Object.keys(fields).filter((k) => !labels[k] && !labels[k.split(".")[0]]);
  if (hidden.length) return { message: `${err.message} (${hidden.map((k) => `${k}: ${fields[k]}`).join("; ")})`, fields };
  return { ...said, fields };
}
