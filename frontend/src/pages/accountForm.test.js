import { describe, expect, it } from "vitest";
import { changesOf, formOf, isUnchanged, listProblems, newContact, newSubscription, roleSuggestions, saveProblem, sentRows, staffOptions, standardFields,
  subscriptionFormFields } from "./accountForm.js";
import { ApiError } from "../api/client.js";

const CATALOG = {
  attributes: [{ key: "nps", label: "NPS", type: "number" }, { key: "tier", label: "Tier", type: "text" },
    { key: "renews_on", label: "Renews on", type: "date" }, { key: "vip", label: "VIP", type: "boolean" }],
  users: [{ email: "asha@example.com", name: "Asha Rao", role: "csm" }, { email: "sam@example.com", name: "Sam", role: "sales_manager" },
    { email: "sue@example.com", name: "Sue", role: "support" }],
  milestones: [{ key: "onboarded", name: "Onboarded" }, { key: "first-value", name: "First value" }],
  outcomes: [{ key: "renewed", name: "Renewed" }],
};
const ACCOUNT = {
  external_id: "acme", name: "Acme", stage: "live", status: null, mrr: 1500, amount: null, licenses: 34,
  created_on: "2025-01-05", next_billing_on: null, timezone: "Europe/Berlin", csm: "Asha@Example.com", sales_manager: null,
  custom: { nps: 9, tier: "gold", vip: false }, milestones: ["onboarded"], outcomes: [], segments: ["big"],
};

const edit = (change) => {
  const initial = formOf(ACCOUNT, CATALOG);
  const form = typeof change === "function" ? change(structuredClone(initial)) : { ...initial, ...change };
  return changesOf(initial, form, CATALOG);
};

describe("account form", () => {
  it("offers the standard fields in reading order, never the external id; money and counts not negative", () => {
    const fields = standardFields(CATALOG);
    expect(fields.map((f) => f.key)).toEqual(["name", "stage", "status", "mrr", "amount", "licenses", "created_on", "next_billing_on", "timezone"]);
    expect(fields.filter((f) => f.min === 0).map((f) => f.key)).toEqual(["mrr", "amount", "licenses"]);
  });

  it("holds every value in the form's terms: empty text, null numbers, the catalog's spelling of a staff email", () => {
    const form = formOf(ACCOUNT, CATALOG);
    expect(form).toMatchObject({ name: "Acme", status: "", mrr: 1500, amount: null, next_billing_on: "", csm: "asha@example.com", sales_manager: "",
      milestones: ["onboarded"], outcomes: [] });
    expect(form.custom).toEqual({ nps: 9, tier: "gold", renews_on: "", vip: false });
  });

  it("sends nothing when nothing changed, nor when a change is undone", () => {
    expect(isUnchanged(edit({}))).toBe(true);
    expect(isUnchanged(edit({ name: "Acme " }))).toBe(true); // only spaces around it
    expect(isUnchanged(edit((f) => { f.mrr = 99; f.mrr = 1500; return f; }))).toBe(true);
  });

  it("sends only the changed fields, typed as the API takes them", () => {
    const changes = edit((f) => ({ ...f, stage: " churn-risk ", mrr: 2000, next_billing_on: "2026-03-01", sales_manager: "sam@example.com",
      custom: { ...f.custom, nps: 7, vip: true, renews_on: "2026-02-01" } }));
    expect(changes).toEqual({
      fields: { stage: "churn-risk", mrr: 2000, next_billing_on: "2026-03-01", sales_manager: "sam@example.com",
        custom: { nps: 7, vip: true, renews_on: "2026-02-01" } },
      marks: [],
    });
  });

  it("sends null for a field emptied: a standard one unset, a custom key removed, no CSM", () => {
    const changes = edit((f) => ({ ...f, status: "", licenses: null, created_on: "", timezone: "  ", csm: "",
      custom: { ...f.custom, tier: "", nps: null, vip: null } }));
    expect(changes.fields).toEqual({ licenses: null, created_on: null, timezone: null, csm: null,
      custom: { nps: null, tier: null, vip: null } });
    expect("status" in changes.fields).toBe(false); // it was not set: emptying it changes nothing
  });

  it("turns ticked and unticked milestones and outcomes into marks", () => {
    const changes = edit({ milestones: ["first-value"], outcomes: ["renewed"] });
    expect(changes.fields).toEqual({});
    expect(changes.marks).toEqual([
      { kind: "milestones", key: "first-value", met: true }, { kind: "milestones", key: "onboarded", met: false },
      { kind: "outcomes", key: "renewed", met: true }]);
  });

  it("lists staff who may be an account's CSM or sales manager, never support; keeps an unknown current one", () => {
    expect(staffOptions(CATALOG, "asha@example.com").map((o) => o.label)).toEqual(["Asha Rao (CSM)", "Sam (sales manager)"]);
    expect(staffOptions(CATALOG, "gone@example.com").at(-1)).toEqual({ value: "gone@example.com", label: "gone@example.com (not a staff user)" });
  });

  it("puts a 422's messages under the fields they concern, custom attributes included", () => {
    const err = new ApiError(422, "invalid", "Some fields are not valid: csm, custom.nps",
      { csm: ["No staff user 'x@example.com'."], custom: { nps: ["must be a number (number)."] } });
    expect(saveProblem(err, CATALOG)).toMatchObject({
      message: "Check “CSM”, “NPS” below.",
      fields: { csm: "No staff user 'x@example.com'.", "custom.nps": "Must be a number (number)." },
    });
    // A field the form does not show: its message goes in the banner, not lost under nothing.
    const hidden = new ApiError(422, "invalid", "Some fields are not valid: custom.old", { custom: { old: ["No such custom attribute."] } });
    expect(saveProblem(hidden, CATALOG).message).toBe("Some fields are not valid: custom.old (custom.old: No such custom attribute.)");
  });
});

const PEOPLE = {
  ...ACCOUNT,
  contacts: [{ name: "Ana Silva", email: "Ana@Acme.example", role: "admin" }, { name: null, email: "bo@acme.example", role: null }],
  subscriptions: [{ status: "active", product_name: "Analytics", plan_name: "Pro", amount: null, mrr: 1200.5, plan_quantity: 10,
    plan_unit_price: 120.05, activated_on: null, cancelled_on: null, created_on: "2025-01-05", next_billing_on: "2026-03-01",
    ends_on: null, starts_on: "2025-01-05", trial_ends_on: null, trial_starts_on: null }],
};
const editPeople = (change) => {
  const initial = formOf(PEOPLE, CATALOG);
  const form = change(structuredClone(initial));
  return { changes: changesOf(initial, form, CATALOG), form };
};
const contactsOf = (c) => c.fields.contacts;

describe("account form: contacts and subscriptions", () => {
  it("holds each contact and subscription as a row in the form's terms, keeping what it was read as", () => {
    const form = formOf(PEOPLE, CATALOG);
    expect(form.contacts.map(({ name, email, role, removed }) => ({ name, email, role, removed }))).toEqual([
      { name: "Ana Silva", email: "Ana@Acme.example", role: "admin", removed: false }, { name: "", email: "bo@acme.example", role: "", removed: false }]);
    expect(form.contacts[1].from).toEqual(PEOPLE.contacts[1]);
    expect(form.subscriptions[0].values).toMatchObject({ plan_name: "Pro", mrr: 1200.5, amount: null, ends_on: "", starts_on: "2025-01-05" });
    expect(new Set(form.contacts.map((r) => r.key)).size).toBe(2);
  });

  it("offers every subscription field of SPEC §1, what it is and is worth before its dates", () => {
    const fields = subscriptionFormFields(CATALOG);
    expect(fields.map((f) => f.key)).toEqual(["product_name", "plan_name", "status", "mrr", "amount", "plan_quantity", "plan_unit_price",
      "starts_on", "ends_on", "activated_on", "cancelled_on", "created_on", "next_billing_on", "trial_starts_on", "trial_ends_on"]);
    expect(fields.filter((f) => f.type === "date")).toHaveLength(8);
    expect(fields.filter((f) => f.min === 0).map((f) => f.key)).toEqual(["mrr", "amount", "plan_quantity", "plan_unit_price"]);
  });

  it("sends neither list when nothing in them changed, nor when an edit is undone or a new row is left empty", () => {
    expect(isUnchanged(editPeople((f) => f).changes)).toBe(true);
    expect(isUnchanged(editPeople((f) => { f.contacts[0].role = "billing"; f.contacts[0].role = "admin"; return f; }).changes)).toBe(true);
    expect(isUnchanged(editPeople((f) => { f.contacts[1].removed = true; f.contacts[1].removed = false; return f; }).changes)).toBe(true);
    expect(isUnchanged(editPeople((f) => ({ ...f, contacts: [...f.contacts, newContact()], subscriptions: [...f.subscriptions, newSubscription(CATALOG)] })).changes)).toBe(true);
    expect(isUnchanged(editPeople((f) => { f.contacts[0].name = " Ana Silva "; return f; }).changes)).toBe(true); // spaces around it only
  });

  it("sends the whole contact list (the API replaces it) when one is added, keeping the others exactly as read", () => {
    const { changes } = editPeople((f) => ({ ...f, contacts: [...f.contacts, { ...newContact(), name: " Cy Chen ", email: " cy@acme.example ", role: "billing" }] }));
    expect(changes.fields).toEqual({ contacts: [
      { name: "Ana Silva", email: "Ana@Acme.example", role: "admin" }, // its case kept: untouched
      { name: null, email: "bo@acme.example", role: null },
      { name: "Cy Chen", email: "cy@acme.example", role: "billing" }] });
    expect(changes.marks).toEqual([]);
  });

  it("sends untouched rows back exactly as read: spaces kept, a field this screen does not know kept", () => {
    const odd = { ...PEOPLE, contacts: [{ name: " Ana ", email: "ana@acme.example", role: "admin " }],
      subscriptions: [{ ...PEOPLE.subscriptions[0], plan_name: "Pro  ", seats_used: 7 }] };
    const initial = formOf(odd, CATALOG);
    const form = structuredClone(initial);
    form.contacts.push({ ...newContact(), email: "cy@acme.example" });
    form.subscriptions.push({ ...newSubscription(CATALOG), values: { ...newSubscription(CATALOG).values, plan_name: "Add-on" } });
    const { fields } = changesOf(initial, form, CATALOG);
    expect(fields.contacts[0]).toEqual(odd.contacts[0]);
    expect(fields.subscriptions[0]).toEqual(odd.subscriptions[0]);
  });

  it("sends the list without a removed contact, and an edited one's new values (an emptied role as null)", () => {
    const removed = editPeople((f) => { f.contacts[0].removed = true; return f; }).changes;
    expect(contactsOf(removed)).toEqual([{ name: null, email: "bo@acme.example", role: null }]);
    const edited = editPeople((f) => { f.contacts[0].role = ""; f.contacts[1].name = "Bo Berg"; return f; }).changes;
    expect(contactsOf(edited)).toEqual([{ name: "Ana Silva", email: "Ana@Acme.example", role: null }, { name: "Bo Berg", email: "bo@acme.example", role: null }]);
    expect(contactsOf(editPeople((f) => { f.contacts = f.contacts.map((c) => ({ ...c, removed: true })); return f; }).changes)).toEqual([]);
    expect("subscriptions" in edited.fields).toBe(false);
  });

  it("sends the whole subscription list when one changes, is added or removed; untouched values as read", () => {
    const { changes } = editPeople((f) => { f.subscriptions[0].values.status = "non_renewing"; f.subscriptions[0].values.ends_on = "2026-12-31"; return f; });
    expect(changes.fields).toEqual({ subscriptions: [{ ...PEOPLE.subscriptions[0], status: "non_renewing", ends_on: "2026-12-31" }] });
    const added = editPeople((f) => {
      const row = newSubscription(CATALOG);
      row.values = { ...row.values, plan_name: "Add-on", mrr: 50, starts_on: "2026-02-01" };
      return { ...f, subscriptions: [...f.subscriptions, row] };
    }).changes.fields.subscriptions;
    expect(added).toHaveLength(2);
    expect(added[1]).toEqual({ status: null, product_name: null, plan_name: "Add-on", amount: null, mrr: 50, plan_quantity: null, plan_unit_price: null,
      activated_on: null, cancelled_on: null, created_on: null, next_billing_on: null, ends_on: null, starts_on: "2026-02-01", trial_ends_on: null, trial_starts_on: null });
    expect(editPeople((f) => { f.subscriptions[0].removed = true; return f; }).changes.fields).toEqual({ subscriptions: [] });
  });

  it("checks contacts in the browser: an address needed, one that looks like one, each address once (case aside)", () => {
    const { form } = editPeople((f) => ({ ...f, contacts: [...f.contacts,
      { ...newContact(), name: "No mail" }, { ...newContact(), email: "cy@acme" }, { ...newContact(), name: "Ana again", email: "ana@acme.EXAMPLE " }] }));
    const [, , noMail, bad, again] = form.contacts;
    expect(listProblems(form, CATALOG)).toEqual({
      [`contacts.${noMail.key}.email`]: "Type the contact's email address.",
      [`contacts.${bad.key}.email`]: "Not an email address: type one such as ana@example.com.",
      [`contacts.${again.key}.email`]: "“Ana Silva” above has this address already: one row per person.",
    });
    // A removed row no longer counts; an empty new row is not checked; a stored address is not re-judged.
    form.contacts[0].removed = true;
    form.contacts.push(newContact());
    expect(Object.keys(listProblems(form, CATALOG))).toEqual([`contacts.${noMail.key}.email`, `contacts.${bad.key}.email`]);
    expect(listProblems(formOf({ contacts: [{ email: "ops@localhost" }] }, CATALOG), CATALOG)).toEqual({});
    const long = editPeople((f) => { f.contacts[1].role = "r".repeat(101); return f; }).form;
    expect(listProblems(long, CATALOG)).toEqual({ [`contacts.${long.contacts[1].key}.role`]: "At most 100 characters." });
  });

  it("suggests the workspace's contact roles and the account's, each once", () => {
    const form = formOf(PEOPLE, CATALOG);
    form.contacts.push({ ...newContact(), role: "Champion" });
    expect(roleSuggestions({ contact_roles: ["billing", "Admin"] }, form.contacts)).toEqual(["Admin", "billing", "Champion"]);
    expect(roleSuggestions({}, [])).toEqual([]);
  });

  it("puts the server's 422 for a row under that row, counting only the rows it was sent", () => {
    const { form } = editPeople((f) => { f.contacts[0].removed = true; return { ...f, contacts: [...f.contacts, { ...newContact(), email: "cy@acme.example" }] }; });
    const sent = sentRows(form, CATALOG);
    expect(sent.contacts).toEqual([form.contacts[1].key, form.contacts[2].key]);
    const err = new ApiError(422, "invalid", "Some fields are not valid: contacts, subscriptions", {
      contacts: { 1: { email: ["another contact above (contacts[0]) has this address."] } }, subscriptions: { 0: { mrr: ["Not a valid number."] } } });
    const said = saveProblem(err, CATALOG, sent);
    expect(said.message).toBe("Check “Contacts”, “Subscriptions” below.");
    expect(said.fields).toEqual({ [`contacts.${form.contacts[2].key}.email`]: "Another contact above (contacts[0]) has this address.",
      [`subscriptions.${form.subscriptions[0].key}.mrr`]: "Not a valid number." });
  });
});
