import { describe, expect, it } from "vitest";
import { changesOf, formOf, isUnchanged, saveProblem, staffOptions, standardFields } from "./accountForm.js";
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
