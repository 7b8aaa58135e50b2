import { describe, expect, it } from "vitest";
import { branchPercent, emailBadgeWords, emailCountWords, problemMatchesEdge, stepReason, walkedPairs } from "./overlay.js";

describe("canvas overlays", () => {
  it("pairs consecutive steps of a path", () => {
    const pairs = walkedPairs({ kind: "path", steps: [{ node_id: "a" }, { node_id: "b" }, { node_id: "b" }, { node_id: "c" }] });
    expect([...pairs]).toEqual(["a→b", "b→c"]);
    expect(walkedPairs({ kind: "live" }).size).toBe(0);
  });

  it("computes branch percentages from live stats", () => {
    const stats = { nodes: { d: { branches: { yes: 3, no: 1 } } } };
    expect(branchPercent(stats, "d", "yes")).toBe(75);
    expect(branchPercent(stats, "d", null)).toBeNull();
    expect(branchPercent({ nodes: { d: { branches: { yes: 0, no: 0 } } } }, "d", "yes")).toBeNull();
  });

  it("matches problem edges by endpoints and branch, or by id", () => {
    const edge = { source: "a", target: "b", sourceHandle: "yes", data: { journeyId: "e1" } };
    expect(problemMatchesEdge({ source: "a", target: "b", branch: "yes" }, edge)).toBe(true);
    expect(problemMatchesEdge({ source: "a", target: "b" }, edge)).toBe(false);
    expect(problemMatchesEdge({ id: "e1" }, edge)).toBe(true);
    expect(problemMatchesEdge(null, edge)).toBe(false);
  });

  it("sums up a decision's reason from its explained rule", () => {
    const detail = { verdict: false, rule: { any: [
      { property: "custom.nps", op: "lt", value: 7, actual: 9, verdict: false },
      { not: { property: "account.stage", op: "is_set", actual: null, verdict: false }, verdict: true },
      { property: "account.mrr", op: "gt", value: 1, actual: 5, verdict: true },
    ], verdict: true } };
    expect(stepReason(detail)).toBe("custom.nps = 9 ✗, account.stage = not set ✗, +1 more");
    expect(stepReason({ reason: "blacklisted" })).toBe("blacklisted");
    expect(stepReason({})).toBe("");
    const catalog = { attributes: [{ key: "nps", label: "NPS score", type: "number" }] };
    expect(stepReason(detail, 1, catalog)).toBe("NPS score = 9 ✗, +2 more");
  });

  it("counts a step's emails honestly: kept in the outbox is not emailed", () => {
    const counts = { opened: 0, clicked: 0, unsubscribed: 0 };
    expect(emailCountWords({ ...counts, sent: 2, emailed: 0, kept: 2, queued: 0 }))
      .toBe("2 kept, not emailed (no mail server) · 0 opened · 0 clicked · 0 unsubscribed");
    expect(emailCountWords({ ...counts, sent: 3, emailed: 3, kept: 0, queued: 1, opened: 2 }))
      .toBe("3 emailed · 1 queued · 2 opened · 0 clicked · 0 unsubscribed");
    expect(emailCountWords({ ...counts, sent: 0, emailed: 0, kept: 0, queued: 0 }))
      .toBe("0 emailed · 0 opened · 0 clicked · 0 unsubscribed");
    expect(emailCountWords({ ...counts, sent: 1 })).toBe("1 emailed or kept · 0 opened · 0 clicked · 0 unsubscribed");
  });
});

describe("emailBadgeWords", () => {
  it("says where the emails stand and how many were opened, in two short badges", () => {
    const counts = { opened: 3, clicked: 1, unsubscribed: 0 };
    expect(emailBadgeWords({ ...counts, sent: 12, emailed: 12, kept: 0, queued: 2 })).toEqual(["12 emailed", "3 opened"]);
    expect(emailBadgeWords({ ...counts, sent: 0, emailed: 0, kept: 0, queued: 4 })).toEqual(["4 queued", "3 opened"]);
    expect(emailBadgeWords({ ...counts, sent: 2, emailed: 0, kept: 2, queued: 0 })).toEqual(["2 kept", "3 opened"]);
    expect(emailBadgeWords({ sent: 1 })).toEqual(["1 sent", "0 opened"]);
  });
});

