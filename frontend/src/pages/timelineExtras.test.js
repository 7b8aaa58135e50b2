import { describe, expect, it } from "vitest";
import { eventEntryWords, personWords, stepVersions, webhookWaitWords, withPeople } from "./timelineExtras.js";

const at = (h) => `2026-12-07T${String(h).padStart(2, "0")}:00:00+00:00`;

describe("the timeline's extras", () => {
  it("puts what people did among the steps, in time order", () => {
    const steps = [{ node_id: "hook", at: at(9) }, { node_id: "hook", at: at(10) }, { node_id: "end", at: at(12) }];
    const retry = { action: "retry", at: at(11), by: "ana@example.com" };
    const late = { action: "unenroll", at: at(13), by: "ops-token" };
    expect(withPeople(steps, [late, retry]).map((x) => (x.step ? x.step.at : personWords(x.person)))).toEqual([
      at(9), at(10), "Retried by ana@example.com", at(12), "Unenrolled by ops-token"]);
    expect(withPeople(steps)).toHaveLength(3);
  });

  it("knows the version each step was walked on: before a move, the version it moved from", () => {
    const move = (from, to) => ({ type: "migration", detail: { from: { version: from }, to: { version: to } } });
    expect(stepVersions([{}, {}, move(1, 2), {}, move(2, 4), {}], 4)).toEqual([1, 1, 2, 2, 4, 4]);
    expect(stepVersions([{}, {}], 3)).toEqual([3, 3]);
    expect(stepVersions([], 1)).toEqual([]);
  });

  it("says why a parked enrollment still waits for its webhook", () => {
    const words = (iso) => `<${iso}>`;
    expect(webhookWaitWords(null)).toBeNull();
    expect(webhookWaitWords({ status: "queued", attempts: 6, error: "cannot resolve crm.invalid",
      next_attempt_at: "N", retry_until: "U" }, words))
      .toBe("Waiting for the webhook's answer — retrying after 6 attempts (last: cannot resolve crm.invalid); next try <N>; gives up <U>.");
    expect(webhookWaitWords({ status: "queued", attempts: 1, response_status: 503, next_attempt_at: "N", retry_until: "U" }, words))
      .toBe("Waiting for the webhook's answer — retrying after 1 attempt (last: HTTP 503); next try <N>; gives up <U>.");
    expect(webhookWaitWords({ status: "queued", attempts: 4, error: "cannot resolve crm.invalid: [Errno -2] Name or service not known",
      next_attempt_at: "N", retry_until: "U" }, words))
      .toBe("Waiting for the webhook's answer — retrying after 4 attempts (last: cannot resolve crm.invalid: Name or service not known);"
        + " next try <N>; gives up <U>.");
    expect(webhookWaitWords({ status: "queued", attempts: 0 })).toBe("Waiting for the webhook's answer: the call is queued.");
    expect(webhookWaitWords({ status: "sending", attempts: 2 })).toBe("Waiting for the webhook's answer: sending now.");
    expect(webhookWaitWords({ status: "uncertain", attempts: 1 })).toMatch(/cut off/);
  });

  it("says which entry event did not enroll the account, when, and why", () => {
    const words = (iso) => `<${iso}>`;
    const event = { name: "trial_started", at: "E", id: "e-2" };
    expect(eventEntryWords({ event, code: "active", since: "S" }, words))
      .toBe("“trial_started” (<E>) did not enroll it again: it was already active in this journey, since <S>"
        + " — an account is never in a journey twice at once.");
    expect(eventEntryWords({ event, code: "reenroll_never", since: "S" }, words))
      .toBe("“trial_started” (<E>) did not enroll it: it was enrolled before (<S>), and this journey enrolls an account only once.");
    expect(eventEntryWords({ event, code: "reenroll_wait", since: "S", eligible_from: "F", reenroll_days: 30 }, words))
      .toBe("“trial_started” (<E>) did not enroll it: its last enrollment began <S>, and this journey enrolls an account"
        + " again only 30 days after its last one — from <F>.");
    expect(eventEntryWords({ event, code: "reenroll_wait", since: "S", eligible_from: "F", reenroll_days: 1 }, words))
      .toContain("only 1 day after");
    expect(eventEntryWords({ event, code: "new_reason", message: "Said by the server." }, words)).toBe("Said by the server.");
  });
});
