import { describe, expect, it } from "vitest";
import { auditLink, cellValue, changeRows, objectWords } from "./auditWords.js";

describe("audit entries in words", () => {
  it("names objects and links to them", () => {
    expect(objectWords("journey:12")).toBe("Journey 12");
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
        { field: "custom", before: "{}", after: "{\"a\":1}" },
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
});
