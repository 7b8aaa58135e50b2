import { describe, expect, it } from "vitest";
import { outcomeWords, showValue, summarizeStep } from "./stepSummary.js";

const when = (t) => `<${t}>`; // the clock/locale stays out of the tests
const action = (detail, extra = {}) => summarizeStep({ type: "action", outcome: "done", detail, ...extra }, { when });
const base = { node_id: "n", key: "1:n:2" };

describe("summarizeStep: actions", () => {
  it("send_email: queued (the step only fills the outbox), to whom, from whom, with the outbox ids as a note", () => {
    const s = action({ ...base, kind: "send_email", template: "welcome", subject: null, body: null, to: "all_contacts",
      role: null, sender: "journeys@localhost",
      result: { emails: [1, 2], to: ["ana@x.example", "bob@x.example"], from: "journeys@localhost" } });
    expect(s.text).toBe("Queued “Welcome” to ana@x.example, bob@x.example from journeys@localhost");
    expect(s.note).toBe("outbox #1, #2");
    expect(s.tone).toBeUndefined();
  });

  it("send_email says “Emailed” only when the outbox says the mail server took every email", () => {
    const detail = { ...base, kind: "send_email", template: "welcome", to: "all_contacts",
      result: { emails: [1, 2], to: ["ana@x.example", "bob@x.example"], from: "journeys@localhost" } };
    const step = { type: "action", outcome: "done", detail };
    expect(summarizeStep(step, { when, emailStatuses: { 1: "sent", 2: "sent" } }).text)
      .toBe("Emailed “Welcome” to ana@x.example, bob@x.example from journeys@localhost");
    expect(summarizeStep(step, { when, emailStatuses: { 1: "sent", 2: "queued" } }).text).toMatch(/^Queued “Welcome”/);
    const kept = summarizeStep(step, { when, emailStatuses: { 1: "kept", 2: "kept" } });
    expect(kept.text).toMatch(/^Kept in the outbox “Welcome”/);
    expect(kept.note).toBe("outbox #1, #2 · not emailed: no mail server is set up");
  });

  it("send_email without a template names the subject", () => {
    const s = action({ ...base, kind: "send_email", template: null, subject: "Hi {{ account.name }}", to: "csm",
      result: { emails: [7], to: ["csm@x.example"], from: "csm@x.example" } });
    expect(s.text).toBe("Queued “Hi {{ account.name }}” to csm@x.example from csm@x.example");
  });

  it("send_email without a template names the subject as sent when the outbox has it", () => {
    const detail = { ...base, kind: "send_email", template: null, subject: "Meet {{ csm.name }}", to: "all_contacts",
      result: { emails: [7, 8], to: ["ana@x.example", "bob@x.example"], from: "csm@x.example" } };
    const step = { type: "action", outcome: "done", detail };
    const same = summarizeStep(step, { when, sentSubjects: { 7: "Meet Bruno", 8: "Meet Bruno" } });
    expect(same.text).toBe("Queued “Meet Bruno” to ana@x.example, bob@x.example from csm@x.example");
    // recipients saw different subjects, or one is not in the outbox list: the subject as written
    for (const sentSubjects of [{ 7: "Meet Bruno", 8: "Meet Chen" }, { 7: "Meet Bruno" }, {}]) {
      expect(summarizeStep(step, { when, sentSubjects }).text).toBe(
        "Queued “Meet {{ csm.name }}” to ana@x.example, bob@x.example from csm@x.example");
    }
    // a template keeps its name: it says which email it was
    const templated = summarizeStep({ ...step, detail: { ...detail, template: "welcome", subject: null } },
      { when, sentSubjects: { 7: "Meet Bruno", 8: "Meet Bruno" } });
    expect(templated.text).toBe("Queued “Welcome” to ana@x.example, bob@x.example from csm@x.example");
  });

  it("send_email skipped: says why, no ids", () => {
    const s = action({ ...base, kind: "send_email", template: "welcome", to: "all_contacts",
      result: { emails: [], skipped: "no recipient (the account has no contacts)" } });
    expect(s.text).toBe("Skipped: no recipient (the account has no contacts)");
    expect(s.note).toBeUndefined();
  });

  it("a send_email step that sent nothing reads “skipped”, not “done”", () => {
    const skipped = { type: "action", outcome: "done", detail: { ...base, kind: "send_email", result: { emails: [], skipped: "no recipient (x)" } } };
    expect(outcomeWords(skipped)).toBe("skipped");
    expect(outcomeWords({ type: "action", outcome: "done", detail: { ...base, kind: "send_email", result: { emails: [1] } } })).toBe("done");
    expect(outcomeWords({ type: "wait", outcome: "waiting", detail: {} })).toBe("waiting");
    // the exit rules' on-enroll step, not the engine's term for it
    expect(outcomeWords({ type: "exit", outcome: "unenroll_from", detail: {} })).toBe("leaves other journeys");
  });

  it("send_email to some contacts while others unsubscribed: names who was skipped", () => {
    const s = action({ ...base, kind: "send_email", template: "welcome", to: "all_contacts",
      result: { emails: [3], to: ["bob@x.example"], from: "a@x.example", suppressed: ["ana@x.example"] } });
    expect(s.text).toBe("Queued “Welcome” to bob@x.example from a@x.example");
    expect(s.note).toBe("outbox #3 · not to ana@x.example: unsubscribed");
    const all = action({ ...base, kind: "send_email", template: "welcome", to: "all_contacts",
      result: { emails: [], skipped: "unsubscribed (ana@x.example)", suppressed: ["ana@x.example"] } });
    expect(all.text).toBe("Skipped: unsubscribed (ana@x.example)");
  });

  it("create_task: number, title, assignee and due date", () => {
    const s = action({ ...base, kind: "create_task", title: "Call {{ account.name }}", assignee: "csm", due_on: "2026-12-01",
      priority: "low", result: { task_id: 41, title: "Call Acme", due_on: "2026-12-01", assignee: "asha@example.com" } });
    expect(s.text).toBe("Created task #41 “Call Acme” for asha@example.com, due 1 Dec 2026");
  });

  it("create_task unassigned: the note says why", () => {
    const s = action({ ...base, kind: "create_task", title: "Call", assignee: "csm", due_on: "2026-12-01",
      result: { task_id: 42, title: "Call Acme", due_on: "2026-12-01", assignee: null,
        note: "no csm on the account: the task is unassigned" } });
    expect(s.text).toBe("Created task #42 “Call Acme”, unassigned: no CSM on the account, due 1 Dec 2026");
  });

  it("assign_csm: new and previous CSM, and how it was picked", () => {
    expect(action({ ...base, kind: "assign_csm", strategy: "round_robin", user: null, pool: ["a@x", "b@x"],
      result: { csm: "b@x", previous: "a@x", strategy: "round_robin" } }).text)
      .toBe("CSM set to b@x (was a@x) by round robin");
    expect(action({ ...base, kind: "assign_csm", strategy: "named", user: "b@x", pool: [],
      result: { csm: "b@x", previous: null, strategy: "named" } }).text)
      .toBe("CSM set to b@x (was none)");
  });

  it("assign_playbook: enrolled, or already active", () => {
    expect(action({ ...base, kind: "assign_playbook", playbook: "onboarding",
      result: { playbook: "onboarding", due_on: "2026-12-10" } }).text).toBe("Enrolled in playbook onboarding, due 10 Dec 2026");
    expect(action({ ...base, kind: "assign_playbook", playbook: "onboarding",
      result: { playbook: "onboarding", already_active: true, due_on: null } }).text).toBe("Playbook onboarding already active");
  });

  it("attribute actions read as old → new", () => {
    expect(action({ ...base, kind: "set_attribute", attribute: "account.stage", value: "live",
      result: { attribute: "account.stage", value: "live", previous: "trial" } }).text).toBe("Stage: trial → live");
    expect(action({ ...base, kind: "increase_attribute", attribute: "custom.logins", by: 1,
      result: { attribute: "custom.logins", value: 4, previous: 3 } }).text).toBe("custom.logins: 3 → 4 (+1)");
    expect(action({ ...base, kind: "increase_attribute", attribute: "custom.logins", by: -2,
      result: { attribute: "custom.logins", value: -2, previous: null } }).text).toBe("custom.logins: not set → -2 (-2)");
    expect(action({ ...base, kind: "clear_attribute", attribute: "custom.flag",
      result: { attribute: "custom.flag", value: null, previous: true } }).text).toBe("custom.flag: true → not set");
    expect(action({ ...base, kind: "copy_attribute", source: "account.mrr", target: "custom.mrr_at_start",
      result: { attribute: "custom.mrr_at_start", value: 5000, from: "account.mrr" } }).text)
      .toBe("custom.mrr_at_start: set to 5000 (copied from MRR)");
    expect(action({ ...base, kind: "copy_attribute", source: "account.licenses", target: "custom.mrr_at_start",
      result: { attribute: "custom.mrr_at_start", value: null } }).text)
      .toBe("custom.mrr_at_start: cleared (Licenses was not set)");
  });

  it("unenroll_from (logged on the exit node) lists the journeys left", () => {
    const step = { type: "exit", outcome: "unenroll_from", detail: { ...base, kind: "unenroll_from", mode: "all", journeys: [],
      result: { unenrolled_from: ["a", "b"] } } };
    expect(summarizeStep(step, { when }).text).toBe("Unenrolled from journeys a, b");
    step.detail.result.unenrolled_from = [];
    expect(summarizeStep(step, { when }).text).toMatch(/^Left no other journey/);
  });

  it("a failed action shows the error, flagged as an error", () => {
    const s = summarizeStep({ type: "action", outcome: "failed", detail: { error: "email template 'x' does not exist" } }, { when });
    expect(s).toEqual({ text: "Failed: email template 'x' does not exist", tone: "error" });
    const email = summarizeStep({ type: "email", outcome: "failed", detail: { email_id: 3, to: "ana@x", error: "550 no such user" } }, { when });
    expect(email).toEqual({ text: "Email to ana@x failed: 550 no such user", tone: "error" });
  });

  it("an unknown kind, or an action not yet performed, has no sentence: the raw rows are shown", () => {
    expect(action({ ...base, kind: "launch_rocket", result: { ok: true } })).toBeNull();
    expect(action({ ...base, kind: "send_email", template: "welcome" })).toBeNull();
    expect(summarizeStep({ type: "split", outcome: "a", detail: { weights: { a: 1 } } }, { when })).toBeNull();
    expect(summarizeStep({ type: "condition", outcome: "yes", detail: { verdict: true, rule: {} } }, { when })).toBeNull();
    expect(summarizeStep(null)).toBeNull();
  });
});

describe("summarizeStep: entry, waits, exits", () => {
  it("entry names the segments", () => {
    expect(summarizeStep({ type: "entry", outcome: "entered", detail: { segments: ["trial"] } }, { when }).text)
      .toBe("Entered via segment trial");
    expect(summarizeStep({ type: "entry", outcome: "entered", detail: { segments: ["a", "b"] } }, { when }).text)
      .toBe("Entered via segments a, b");
  });

  it("a move onto a new version says what its wait did", () => {
    const moved = (wait) => summarizeStep({ type: "migration", outcome: "moved", detail: {
      from: { version: 1, node_id: "w" }, to: { version: 2, node_id: "w" }, wait } }, { when }).text;
    expect(moved("kept")).toBe("Moved from version 1 · w to version 2 · w; the wait keeps its wake-up time");
    expect(moved("recounted"))
      .toBe("Moved from version 1 · w to version 2 · w; the wait counts its new length from when it began waiting");
    expect(moved(null)).toBe("Moved from version 1 · w to version 2 · w");
  });

  it("waits: until when, and how they ended", () => {
    const wait = (outcome, detail) => summarizeStep({ type: "wait", outcome, detail }, { when })?.text;
    expect(wait("waiting", { wake_at: "2026-12-01T09:00:00+00:00" })).toBe("Waiting until <2026-12-01T09:00:00+00:00>");
    expect(wait("done", { waited_since: "A", wake_at: "B" })).toBe("Waited until <B> (since <A>)");
    expect(wait("waiting", { property: "custom.renewal", date: null, wake_at: null, reason: "property is not set" }))
      .toBe("Waiting for custom.renewal to be set");
    expect(wait("waiting", { property: "custom.renewal", date: "2026-12-01", wake_at: "W" }))
      .toBe("Waiting until <W> (custom.renewal: 1 Dec 2026)");
    expect(wait("done", { property: "custom.renewal", date: "2026-12-01", wake_at: "W" }))
      .toBe("Waited until custom.renewal (1 Dec 2026) was reached");
    // a week before renewal: the day waited for is not the renewal date, and the line says both
    const week = { property: "custom.renewal", date: "2026-11-24", value: "2026-12-01", offset_days: -7, wake_at: "W" };
    expect(wait("waiting", week)).toBe("Waiting until <W> (7 days before custom.renewal, 1 Dec 2026)");
    expect(wait("done", week)).toBe("Waited until 24 Nov 2026, 7 days before custom.renewal, 1 Dec 2026");
    expect(wait("waiting", { ...week, date: "2026-12-02", offset_days: 1 })).toBe("Waiting until <W> (1 day after custom.renewal, 1 Dec 2026)");
    expect(wait("waiting", { ...week, date: "2026-12-01", offset_days: 0 })).toBe("Waiting until <W> (custom.renewal: 1 Dec 2026)");
    expect(wait("waiting", { wake_at: "T", rule: { verdict: false, rule: {} } })).toBe("Waiting for the condition, at most until <T>");
    expect(wait("met", { timeout_at: "T", rule: { verdict: true } })).toBe("Condition met: went on the “met” branch");
    expect(wait("timeout", { timeout_at: "T", rule: { verdict: false } })).toBe("Timed out at <T>: the condition was not met");
  });

  it("exits: blacklist and segment exit", () => {
    expect(summarizeStep({ type: "exit", outcome: "unenrolled", detail: { reason: "blacklist", rule: { verdict: true } } }, { when }).text)
      .toBe("Left the journey: the account matched the exit rule");
    expect(summarizeStep({ type: "exit", outcome: "unenrolled", detail: { reason: "segment_exit", segments: ["trial"] } }, { when }).text)
      .toBe("Left the journey: no longer in segment trial");
  });
});

describe("summarizeStep: names from the catalog, and simulated steps", () => {
  const catalog = {
    segments: [{ key: "renewal-90d", name: "Renewal in 90 days" }],
    templates: [{ key: "value-recap", subject: "What {{ account.name }} achieved" }],
    attributes: [{ key: "renewal_risk", label: "Renewal risk", type: "text" }],
    users: [{ email: "asha@example.com", name: "Asha Rao" }],
    playbooks: [{ key: "renewal-rescue", name: "Renewal rescue" }],
    journeys: [{ key: "onboarding", name: "Onboarding drip" }],
  };
  const say = (step) => summarizeStep(step, { when, catalog }).text;
  it("reads keys as names", () => {
    expect(say({ type: "entry", detail: { segments: ["renewal-90d"] } })).toBe("Entered via segment Renewal in 90 days");
    expect(say({ type: "action", detail: { kind: "set_attribute", attribute: "custom.renewal_risk", result: { attribute: "custom.renewal_risk", previous: null, value: "low" } } }))
      .toBe("Renewal risk: not set → low");
    expect(say({ type: "action", detail: { kind: "assign_playbook", playbook: "renewal-rescue", result: { playbook: "renewal-rescue", due_on: "2026-01-02" } } }))
      .toBe("Enrolled in playbook Renewal rescue, due 2 Jan 2026");
    expect(say({ type: "exit", outcome: "unenroll_from", detail: { kind: "unenroll_from", result: { unenrolled_from: ["onboarding"] } } }))
      .toBe("Unenrolled from journey Onboarding drip");
    expect(say({ type: "wait", outcome: "done", detail: { property: "account.next_billing_on", date: "2026-02-22" } }))
      .toBe("Waited until Next billing date (22 Feb 2026) was reached");
  });
  it("says what a simulated action would do, to whom", () => {
    expect(say({ type: "action", detail: { kind: "send_email", template: "value-recap", to: "role", role: "admin",
      result: { emails: [], to: ["ann@acme.test"], from: "asha@example.com", subject: "What Acme achieved", simulated: true } } }))
      .toBe("Would send “Value recap” to ann@acme.test from Asha Rao");
    expect(say({ type: "action", detail: { kind: "create_task", title: "Call {{ account.name }}", assignee: "csm",
      result: { title: "Call Acme", assignee: "asha@example.com", due_on: "2026-01-05", simulated: true } } }))
      .toBe("Would create task “Call Acme” for Asha Rao, due 5 Jan 2026");
  });
});

describe("showValue", () => {
  it("says 'not set' for missing values and JSON for objects", () => {
    expect(showValue(null)).toBe("not set");
    expect(showValue(undefined)).toBe("not set");
    expect(showValue(0)).toBe("0");
    expect(showValue(false)).toBe("false");
    expect(showValue({ a: 1 })).toBe('{"a":1}');
  });
  it("says dates and moments as every page does (the tests' zone: Asia/Tokyo)", () => {
    expect(showValue("2026-12-08")).toBe("8 Dec 2026");
    expect(showValue("2026-12-08T09:00:00+00:00")).toBe("8 Dec 2026, 18:00");
    expect(showValue("low")).toBe("low");
  });
});

describe("summarizeStep's moments by default", () => {
  it("are the shared moment words, in the viewer's zone", () => {
    expect(summarizeStep({ type: "wait", outcome: "waiting", detail: { wake_at: "2026-12-01T09:00:00+00:00" } }).text)
      .toBe("Waiting until 1 Dec 2026, 18:00");
  });
});
