import { describe, expect, it } from "vitest";
import { actionWords, auditLink, cellValue, changeRows, objectNames, objectWords } from "./auditWords.js";

describe("audit entries in words", () => {
  it("names objects and links to them", () => {
    expect(objectWords("journey:12")).toBe("Journey 12");
    // by name once the journeys and the catalog are known; a deleted journey keeps its id
    const names = objectNames({ segments: [{ key: "low-health", name: "Low health" }],
      attributes: [{ key: "nps", label: "NPS score" }] }, [{ id: 12, key: "onboarding", name: "Onboarding" }]);
    expect(objectWords("journey:12", names)).toBe("Journey “Onboarding”");
    expect(objectWords("journey:13", names)).toBe("Journey 13");
    expect(objectWords("segment:low-health", names)).toBe("Segment “Low health”");
    expect(objectWords("attribute:nps", names)).toBe("Attribute “NPS score”");
    expect(objectWords("journey:12", objectNames(null, null))).toBe("Journey 12");
    expect(objectWords("secret:signing")).toBe("Signing secret");
    expect(objectWords("secret:CRM_TOKEN")).toBe("Secret CRM_TOKEN");
    expect(objectWords("account")).toBe("Accounts");
    expect(objectWords("user:ana@example.com")).toBe("Staff user ana@example.com");
    expect(auditLink({ target_type: "journey", target_id: "12", action: "journey.publish" })).toBe("/journeys/12");
    expect(auditLink({ target_type: "journey", target_id: "12", action: "journey.delete" })).toBeNull();
    expect(auditLink({ target_type: "segment", target_id: "vip", action: "segment.update" })).toBe("/catalog/segments/vip");
    expect(auditLink({ target_type: "account", target_id: "a b", action: "account.update" })).toBe("/accounts/a%20b");
    expect(auditLink({ target_type: "account", target_id: null, action: "account.import" })).toBeNull();
  });

  it("turns changes into before/after rows", () => {
    expect(changeRows({ mrr: { from: 100, to: 250 }, custom: { from: {}, to: { a: 1 } }, created: 40, password: { from: "[redacted]", to: "[redacted]" } }))
      .toEqual([
        { field: "mrr", before: "100", after: "250" },
        { field: "custom · a", before: "not set", after: "1" },
        { field: "created", before: "", after: "40" },
        { field: "password", before: "[redacted]", after: "[redacted]" },
      ]);
    expect(changeRows(null)).toEqual([]);
    expect(cellValue(null)).toBe("not set");
    // dates and moments as every page says them (the tests' zone is Asia/Tokyo)
    expect(changeRows({ next_billing_on: { from: "2026-01-08", to: "2026-02-08" }, enabled_at: { from: null, to: "2026-11-30T09:00:00+00:00" } }))
      .toEqual([
        { field: "next_billing_on", before: "8 Jan 2026", after: "8 Feb 2026" },
        { field: "enabled_at", before: "not set", after: "30 Nov 2026, 18:00" },
      ]);
  });

  it("says an account's change as its page does: each custom attribute that changed, fields and segments by name", () => {
    const catalog = { attributes: [{ key: "custom.logins_30d", label: "Logins in the last 30 days", type: "number" }],
      segments: [{ key: "unpaid-invoices", name: "Unpaid invoices" }, { key: "new-accounts", name: "New accounts" }] };
    const changes = {
      custom: { from: { active_users: 6, logins_30d: 33, nps: 5 }, to: { active_users: 6, logins_30d: 2, nps: 5 } },
      stage: { from: "live", to: "new" },
      segments: { from: ["unpaid-invoices"], to: ["new-accounts", "unpaid-invoices"] },
    };
    expect(changeRows(changes, "account.update", catalog)).toEqual([
      { field: "Logins in the last 30 days", before: "33", after: "2" }, // only what changed, by its label
      { field: "Stage", before: "live", after: "new" },
      { field: "Segments", before: "Unpaid invoices", after: "New accounts, Unpaid invoices" },
    ]);
    // without the catalog: the keys, still one row per attribute that changed
    expect(changeRows(changes, "account.update")[0]).toEqual({ field: "logins_30d", before: "33", after: "2" });
    expect(actionWords("journey.publish")).toBe("Journey published");
    expect(actionWords("something.new")).toBe("something.new");
  });

  it("words a draft save's graph change and a publish's moves, never raw JSON (QA 67)", () => {
    const rename = changeRows({ name: { from: "Nudge", to: "Nudge (v1)" }, draft_version: { from: 1, to: 2 }, graph: {} }, "journey.update");
    expect(rename).toEqual([
      { field: "Name", before: "Nudge", after: "Nudge (v1)" },
      { field: "Draft", before: "1", after: "2" },
      { field: "Steps", before: "", after: "the steps were not changed" },
    ]);
    expect(changeRows({ graph: { changed: ["entry"] } }, "journey.update")[0].after).toBe("Changed the step “entry”");
    expect(changeRows({ graph: { added: ["wait_2", "tips"], removed: ["old"], edges_added: 2, edges_removed: 1 } }, "journey.update")[0].after)
      .toBe("Added 2 steps (“wait_2”, “tips”); removed the step “old”; 2 connections added; 1 connection removed");
    const publish = changeRows({ version: 2, note: "Longer wait", migrate: "move", map: { wait_1: "wait_2" }, waits: "keep", moved: 3,
      nodes: [{ from: { version: 1, node_id: "wait_1" }, to: "wait_2", count: 3, wait: "kept" }] }, "journey.publish");
    expect(Object.fromEntries(publish.map((r) => [r.field, r.after]))).toEqual({
      Version: "2", Note: "Longer wait", "Active accounts": "moved the active accounts onto the new version", "Steps mapped": "“wait_1” → “wait_2”",
      Waits: "a wait keeps its wake-up time", Moved: "3 accounts",
      "Where they went": "3 accounts moved from step “wait_1” (version 1) to step “wait_2”, wake-up time kept",
    });
    expect(changeRows({ migrate: "stay" }, "journey.publish")[0].after).toBe("left the active accounts on their version");
    // with the journey's versions, its steps by their names: the old step as the version before named it
    // (as versionNodeNames: no version given, the newest version that has the step names it)
    const stepName = (version, id) => ({ "1:wait_1": "Wait 3 days", "2:wait_2": "Wait 2 days" })[`${version ?? 2}:${id}`];
    const named = Object.fromEntries(changeRows({ version: 2, map: { wait_1: "wait_2" },
      nodes: [{ from: { version: 1, node_id: "wait_1" }, to: "wait_2", count: 3, wait: "kept" }] }, "journey.publish", null, stepName)
      .map((r) => [r.field, r.after]));
    expect(named["Steps mapped"]).toBe("“Wait 3 days” → “Wait 2 days”");
    expect(named["Where they went"]).toBe("3 accounts moved from step “Wait 3 days” (version 1) to step “Wait 2 days”, wake-up time kept");
    expect(changeRows({ graph: { changed: ["wait_2", "new_one"] } }, "journey.update", null, stepName)[0].after)
      .toBe("Changed 2 steps (“Wait 2 days”, “new_one”)"); // a step no version has yet: its id
    for (const row of [...rename, ...publish]) expect(row.after).not.toMatch(/[{}[\]]/);
    expect(cellValue({})).toBe("none");
    expect(cellValue(["a", "b"])).toBe("a, b");
  });
});
