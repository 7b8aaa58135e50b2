import { describe, expect, it, vi } from "vitest";
import { act, render, screen, within } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import AccountTimeline, { REFRESH_AFTER, walkNumber } from "./AccountTimeline.jsx";
import { installFakeApi } from "../test/fakeApi.js";
import { momentWords } from "../components/dates.js";

const enrollment = {
  id: 5, journey_id: 1, journey_name: "Welcome", version: 2, status: "goal_exited", enrolled_at: "2026-11-24T10:00:00Z",
  steps: [
    { node_id: "start", type: "entry", at: "2026-11-24T10:00:00Z", outcome: "entered", detail: null },
    { node_id: "big", type: "condition", at: "2026-11-24T10:00:01Z", outcome: "yes", detail: null },
    { node_id: "gone", type: "end", at: "2026-11-24T10:00:02Z", outcome: null, detail: null },
  ],
};
const versions = { items: [
  { version: 2, graph: { nodes: [{ id: "start", type: "entry" }, { id: "big", type: "condition", label: "Big account?" }] } },
  { version: 1, graph: { nodes: [{ id: "big", type: "condition", label: "Old name" }] } },
] };

describe("account timeline", () => {
  it("names each step as on the canvas of the version walked, in plain words", async () => {
    installFakeApi({
      "GET /api/accounts/acme/journeys": [200, { enrollments: [enrollment] }],
      "GET /api/journeys/1/versions": [200, versions],
      "GET /api/tasks": [200, { items: [{ id: 1, title: "Call Acme", assignee: null, due_on: "2026-12-01", status: "open" }] }],
      "GET /api/outbox": [200, { items: [] }],
    });
    render(<MemoryRouter><AccountTimeline externalId="acme" /></MemoryRouter>);
    const card = await screen.findByTestId("enrollment-5");
    // moments in the viewer's zone (the tests': Asia/Tokyo, UTC+9), calendar dates as they are, as every page says them
    expect(card.textContent).toContain("Enrolled 24 Nov 2026, 19:00");
    expect(within(card).getAllByRole("listitem")[0].textContent).toMatch(/^24 Nov 2026, 19:00 Entry/);
    expect(screen.getByRole("row", { name: /Call Acme/ }).textContent).toContain("1 Dec 2026");
    expect(screen.getByText(/Times are in your time zone \(Asia\/Tokyo\)/)).toBeTruthy();
    expect(within(card).getByText("Left: goal achieved")).toBeTruthy();
    const steps = within(card).getAllByRole("listitem").map((li) => li.textContent);
    expect(steps[0]).toContain("Entry");          // no label: the kind's name
    expect(steps[1]).toContain("Big account?");   // version 2's label, not version 1's
    expect(steps[1]).toContain("yes");
    expect(steps[2]).toContain("gone");           // not in the version: the id stays
  });

  it("says who retried an enrollment among its steps, and why it still waits at a webhook", async () => {
    const parked = {
      id: 7, journey_id: 1, journey_name: "Welcome", version: 2, status: "active", current_node: "hook",
      enrolled_at: "2026-11-24T10:00:00Z",
      steps: [
        { node_id: "hook", type: "action", at: "2026-11-24T10:00:00Z", outcome: "failed", detail: { error: "no signing secret" } },
        { node_id: "hook", type: "action", at: "2026-11-24T12:00:00Z", outcome: "waiting", detail: null },
      ],
      people: [{ action: "retry", at: "2026-11-24T11:00:00Z", by: "ana@example.com" }],
      webhook: { id: 3, status: "queued", attempts: 6, error: "cannot resolve crm.invalid", response_status: null,
        next_attempt_at: "2026-11-24T13:00:00Z", retry_until: "2026-11-25T11:00:00Z" },
    };
    installFakeApi({
      "GET /api/accounts/acme/journeys": [200, { enrollments: [parked] }],
      "GET /api/journeys/1/versions": [200, { items: [] }],
      "GET /api/tasks": [200, { items: [] }],
      "GET /api/outbox": [200, { items: [] }],
    });
    render(<MemoryRouter><AccountTimeline externalId="acme" /></MemoryRouter>);
    const card = await screen.findByTestId("enrollment-7");
    const lines = within(card).getAllByRole("listitem").map((li) => li.textContent);
    expect(lines[1]).toBe("24 Nov 2026, 20:00 Retried by ana@example.com");
    expect(lines[0]).toContain("failed");
    expect(lines[2]).toContain("waiting");
    expect(within(card).getByTestId("webhook-wait").textContent).toBe("Waiting for the webhook's answer — retrying after "
      + "6 attempts (last: cannot resolve crm.invalid); next try 24 Nov 2026, 22:00; gives up 25 Nov 2026, 20:00.");
  });

  it("after Publish and move, names the old version's steps and the move by their names", async () => {
    const moved = {
      id: 6, journey_id: 1, journey_name: "Welcome", version: 2, status: "active", current_node: "wait_3",
      enrolled_at: "2026-11-24T10:00:00Z",
      steps: [
        { node_id: "wait_2", type: "wait", at: "2026-11-24T10:00:00Z", outcome: "waiting", detail: null },
        { node_id: "wait_3", type: "migration", at: "2026-11-25T10:00:00Z", outcome: "moved",
          detail: { from: { version: 1, node_id: "wait_2" }, to: { version: 2, node_id: "wait_3" } } },
      ],
    };
    installFakeApi({
      "GET /api/accounts/acme/journeys": [200, { enrollments: [moved] }],
      "GET /api/journeys/1/versions": [200, { items: [
        { version: 2, graph: { nodes: [{ id: "wait_3", type: "wait", label: "Until healthy" }] } },
        { version: 1, graph: { nodes: [{ id: "wait_2", type: "wait", label: "A week before billing" }] } },
      ] }],
      "GET /api/tasks": [200, { items: [] }],
      "GET /api/outbox": [200, { items: [] }],
    });
    render(<MemoryRouter><AccountTimeline externalId="acme" /></MemoryRouter>);
    const card = await screen.findByTestId("enrollment-6");
    const steps = within(card).getAllByRole("listitem").map((li) => li.textContent);
    expect(steps[0]).toContain("A week before billing");   // a step only version 1 has
    expect(steps[0]).not.toContain("wait_2");
    expect(steps[1]).toContain("Moved from version 1 · “A week before billing” to version 2 · “Until healthy”");
    expect(card.textContent).toContain("Now at Until healthy");
  });

  it("names a step walked before a move as the version it was walked on named it, though the next one renamed it", async () => {
    // "Wait 3 days" (version 1) became "Wait 2 days" (version 2, same id); the move took the
    // account back to the welcome email, so it waited there twice: once in each version
    const moved = {
      id: 8, journey_id: 1, journey_name: "Onboarding", version: 2, status: "active", current_node: "wait3",
      enrolled_at: "2026-12-07T09:00:00Z",
      steps: [
        { node_id: "wait3", type: "wait", at: "2026-12-07T09:00:00Z", outcome: "waiting", detail: { wake_at: "2026-12-10T09:00:00Z" } },
        { node_id: "welcome", type: "migration", at: "2026-12-08T09:00:00Z", outcome: "moved",
          detail: { from: { version: 1, node_id: "wait3" }, to: { version: 2, node_id: "welcome" } } },
        { node_id: "wait3", type: "wait", at: "2026-12-08T09:00:00Z", outcome: "waiting", detail: { wake_at: "2026-12-10T09:00:00Z" } },
      ],
    };
    installFakeApi({
      "GET /api/accounts/acme/journeys": [200, { enrollments: [moved] }],
      "GET /api/journeys/1/versions": [200, { items: [
        { version: 2, graph: { nodes: [{ id: "wait3", type: "wait", label: "Wait 2 days" }, { id: "welcome", type: "action", label: "Welcome email" }] } },
        { version: 1, graph: { nodes: [{ id: "wait3", type: "wait", label: "Wait 3 days" }, { id: "welcome", type: "action", label: "Welcome email" }] } },
      ] }],
      "GET /api/tasks": [200, { items: [] }],
      "GET /api/outbox": [200, { items: [] }],
    });
    render(<MemoryRouter><AccountTimeline externalId="acme" /></MemoryRouter>);
    const card = await screen.findByTestId("enrollment-8");
    const steps = within(card).getAllByRole("listitem").map((li) => li.textContent);
    expect(steps[0]).toContain("Wait 3 days");
    expect(steps[1]).toContain("Moved from version 1 · “Wait 3 days” to version 2 · “Welcome email”");
    expect(steps[2]).toContain("Wait 2 days");
  });

  it("says why the account is not in a journey whose entry segment it is in", async () => {
    installFakeApi({
      "GET /api/accounts/acme/journeys": [200, { enrollments: [] }],
      "GET /api/accounts/acme/entry-checks": [200, { items: [{
        journey: { id: 3, key: "renewal", name: "Renewal", enabled: true },
        segments: [{ key: "renewal-90", name: "Renewal in 90 days", since: "2026-11-20T10:00:00Z" }],
        code: "reenroll_wait", eligible_from: "2026-12-20T10:00:00Z", last_enrollment: null,
        message: "It was enrolled before: its last enrollment began 20 Nov 2026 (completed). The journey enrolls an account again only 30 days after its last enrollment: from 20 Dec 2026, when it next enters “Renewal in 90 days”.",
      }] }],
      "GET /api/tasks": [200, { items: [] }],
      "GET /api/outbox": [200, { items: [] }],
    });
    render(<MemoryRouter><AccountTimeline externalId="acme" /></MemoryRouter>);
    const list = await screen.findByTestId("entry-checks");
    expect(within(list).getByRole("link", { name: "Renewal" }).getAttribute("href")).toBe("/journeys/3");
    expect(list.textContent).toContain("Renewal in 90 days (in it since");
    expect(list.textContent).toContain("only 30 days after its last enrollment: from 20 Dec 2026");
  });

  it("says which entry event did not enroll the account, when, and why", async () => {
    installFakeApi({
      "GET /api/accounts/acme/journeys": [200, { enrollments: [] }],
      "GET /api/accounts/acme/entry-checks": [200, { items: [], events: [{
        journey: { id: 4, key: "trial", name: "Trial nurture", enabled: true },
        event: { name: "trial_started", at: "2026-11-26T10:00:00Z", id: "e-2" },
        code: "active", since: "2026-11-24T10:00:00Z", eligible_from: null, reenroll_days: null,
        decided_at: "2026-11-26T10:00:01Z", message: "“trial_started” on 26 Nov 2026 did not enroll it again: …",
      }] }],
      "GET /api/tasks": [200, { items: [] }],
      "GET /api/outbox": [200, { items: [] }],
    });
    render(<MemoryRouter><AccountTimeline externalId="acme" /></MemoryRouter>);
    const list = await screen.findByTestId("event-entry-checks");
    expect(screen.getByRole("heading", { name: "Entry events that did not enroll it" })).toBeTruthy();
    expect(within(list).getByRole("link", { name: "Trial nurture" }).getAttribute("href")).toBe("/journeys/4");
    expect(list.textContent).toContain(`“trial_started” (${momentWords("2026-11-26T10:00:00Z")}) did not enroll it again: `
      + `it was already active in this journey, since ${momentWords("2026-11-24T10:00:00Z")}`);
    expect(screen.queryByTestId("entry-checks")).toBeNull(); // no segment to explain
  });

  it("shows action steps as a sentence, with the raw rows under Details", async () => {
    const detail = { kind: "send_email", node_id: "hello", key: "5:hello:2", template: "welcome", subject: null, body: null,
      to: "all_contacts", role: null, sender: "journeys@localhost",
      result: { emails: [1, 2], to: ["ana@x.example", "bob@x.example"], from: "journeys@localhost" } };
    installFakeApi({
      "GET /api/accounts/acme/journeys": [200, { enrollments: [{ ...enrollment, steps: [
        { node_id: "hello", type: "action", at: "2026-11-24T10:00:00Z", outcome: "done", detail },
        { node_id: "hello", type: "action", at: "2026-11-24T10:00:01Z", outcome: "failed", detail: { error: "template gone" } },
      ] }] }],
      "GET /api/journeys/1/versions": [200, versions],
      "GET /api/tasks": [200, { items: [] }],
      "GET /api/outbox": [200, { items: [] }],
    });
    render(<MemoryRouter><AccountTimeline externalId="acme" /></MemoryRouter>);
    const card = await screen.findByTestId("enrollment-5");
    const [sent, failed] = within(card).getAllByRole("listitem");
    expect(sent.textContent).toContain("Queued “Welcome” to ana@x.example, bob@x.example from journeys@localhost");
    expect(within(sent).getByText("(outbox #1, #2)").className).toContain("muted");
    const raw = sent.querySelector("details");
    expect(raw.open).toBe(false);
    expect(within(raw).getByText("Details")).toBeTruthy();
    expect(raw.textContent).toContain("TemplateWelcome"); // named (no catalog: the key in words), not its key
    const technical = within(raw).getByText("Technical info").closest("details");
    expect(technical.textContent).toContain("5:hello:2");
    expect(raw.querySelector("dl").textContent).not.toContain("5:hello:2");
    expect(within(failed).getByText("Failed: template gone").className).toContain("error");
  });
});

describe("account timeline: why it ended", () => {
  it("says the end reason in words, and a decision's conditions as the rule builder does", async () => {
    installFakeApi({
      "GET /api/accounts/acme/journeys": [200, { enrollments: [{ ...enrollment, status: "completed", reason: "no_edge",
        ended_at: "2026-11-24T10:00:02Z", steps: [{ node_id: "big", type: "condition", at: "2026-11-24T10:00:01Z", outcome: "no",
          detail: { verdict: false, rule: { all: [{ property: "account.mrr", op: "gte", value: 10, actual: 0, verdict: false }], verdict: false } } }] },
      { ...enrollment, id: 6, status: "unenrolled", reason: "blacklist", steps: [] }] }],
      "GET /api/journeys/1/versions": [200, versions],
      "GET /api/tasks": [200, { items: [] }],
      "GET /api/outbox": [200, { items: [] }],
    });
    render(<MemoryRouter><AccountTimeline externalId="acme" /></MemoryRouter>);
    const card = await screen.findByTestId("enrollment-5");
    expect(card.textContent).toContain("· reached the end");
    expect(card.textContent).not.toContain("no_edge");
    expect(card.textContent).toContain("MRR is at least 10 — was 0");
    expect(screen.getByTestId("enrollment-6").textContent).toContain("· exit rule matched");
  });

  it("names every reason the engine gives", async () => {
    const { enrollmentReasonLabel } = await import("../components/enrollmentStatus.js");
    expect(["no_edge", "no_branch", "end", "goal", "blacklist", "segment_exit", "action_failed", "email_failed", "webhook_failed", "manual"]
      .map((r) => enrollmentReasonLabel(r))).toEqual(["reached the end", "reached the end of its path", "reached an End step", "goal met",
      "exit rule matched", "left the entry segment", "an action failed", "an email could not be sent", "a webhook call failed", "removed by hand"]);
    expect(enrollmentReasonLabel("enrolled in renewals", { journeys: [{ key: "renewals", name: "Renewals" }] })).toBe("enrolled in journey “Renewals”");
    expect(enrollmentReasonLabel("something_new")).toBe("something_new");
  });
});

describe("account timeline: emails", () => {
  it("an email step written with merge fields names the subject its recipient saw", async () => {
    const detail = { kind: "send_email", node_id: "intro", key: "5:intro:1", template: null,
      subject: "Meet {{ csm.name }}", body: "Hi", to: "all_contacts",
      result: { emails: [52], to: ["ana@x.example"], from: "bruno@example.com" } };
    installFakeApi({
      "GET /api/accounts/acme/journeys": [200, { enrollments: [{ ...enrollment, steps: [
        { node_id: "intro", type: "action", at: "2026-11-24T10:00:00Z", outcome: "done", detail }] }] }],
      "GET /api/journeys/1/versions": [200, versions],
      "GET /api/tasks": [200, { items: [] }],
      "GET /api/outbox": [200, { items: [{ id: 52, subject: "Meet Bruno Costa", to: "ana@x.example", status: "kept",
        created_at: "2026-11-24T10:00:00Z", account: { external_id: "acme" } }] }],
    });
    render(<MemoryRouter><AccountTimeline externalId="acme" /></MemoryRouter>);
    const card = await screen.findByTestId("enrollment-5");
    const [sent] = within(card).getAllByRole("listitem");
    expect(sent.textContent).toContain("Kept in the outbox “Meet Bruno Costa” to ana@x.example");
    expect(sent.textContent).not.toContain("“Meet {{");
  });
});

describe("account timeline: an account enrolled in a journey more than once", () => {
  it("says which enrollment each card is, by when it began", () => {
    const a = { id: 9, journey_id: 1, enrolled_at: "2026-12-07T10:00:00Z" };
    const b = { id: 4, journey_id: 1, enrolled_at: "2026-12-01T10:00:00Z" };
    const other = { id: 5, journey_id: 2, enrolled_at: "2026-12-02T10:00:00Z" };
    expect(walkNumber([a, other, b], a)).toEqual({ number: 2, of: 2 });
    expect(walkNumber([a, other, b], b)).toEqual({ number: 1, of: 2 });
    expect(walkNumber([a, other, b], other)).toBeNull();
  });
});

describe("account timeline: its emails and tasks, as support asks about them", () => {
  it("says whether each email was opened (and a link clicked), and which journey made each task and for whom", async () => {
    const email = (id, extra) => ({ id, subject: `Email ${id}`, to: "ana@x.example", status: "sent", html_body: "<p>Hi</p>",
      created_at: "2026-11-24T10:00:00Z", sent_at: "2026-11-24T10:00:00Z", opened_at: null, clicked_at: null,
      account: { external_id: "acme" }, ...extra });
    installFakeApi({
      "GET /api/accounts/acme/journeys": [200, { enrollments: [] }],
      "GET /api/tasks": [200, { items: [
        { id: 1, title: "Offer a call", assignee: null, due_on: "2026-11-26", status: "open", journey: { id: 1, name: "Onboarding" } },
        { id: 2, title: "Call back", assignee: { email: "asha@example.com", name: "Asha" }, due_on: "2026-11-27", status: "done", journey: null },
      ] }],
      "GET /api/outbox": [200, { items: [
        email(71, { opened_at: "2026-11-24T11:00:00Z", clicked_at: "2026-11-24T11:05:00Z" }),
        email(72, { opened_at: "2026-11-24T12:00:00Z" }),
        email(73),
        email(74, { html_body: null }),
        email(75, { status: "kept" }),
      ] }],
    });
    render(<MemoryRouter><AccountTimeline externalId="acme" /></MemoryRouter>);
    await screen.findByRole("table", { name: "Emails" });
    const opened = (id) => screen.getByTestId(`email-opened-${id}`).textContent;
    expect(opened(71)).toBe("Opened 24 Nov 2026, 20:00, link clicked 24 Nov 2026, 20:05"); // the tests run in Tokyo time
    expect(opened(72)).toBe("Opened 24 Nov 2026, 21:00");
    expect(opened(73)).toBe("not yet");
    expect(opened(74)).toBe("can’t tell (plain text)"); // no open pixel in a plain-text email
    expect(opened(75)).toBe("—"); // kept: it never reached anyone
    const rows = within(screen.getByRole("table", { name: "Tasks" })).getAllByRole("row").map((r) => r.textContent);
    expect(rows[1]).toBe("Offer a callOnboardingnobody26 Nov 2026Open");
    expect(rows[2]).toBe("Call backmade by handAsha (asha@example.com)27 Nov 2026Done");
  });
});

describe("account timeline: what became of an email", () => {
  it("says Emailed for what the mail server took, kept for what stayed, skipped for what went to no one", async () => {
    const email = (node, ids, extra = {}) => ({ node_id: node, type: "action", at: "2026-11-24T10:00:00Z", outcome: "done",
      detail: { kind: "send_email", node_id: node, template: null, subject: "Hi", to: "all_contacts",
        result: { emails: ids, to: ["ana@x.example"], from: "journeys@localhost", ...extra } } });
    installFakeApi({
      "GET /api/accounts/acme/journeys": [200, { enrollments: [{ ...enrollment, steps: [
        email("went", [61]), email("stayed", [62]),
        // logged before emails to no one were "skipped": the header says so all the same
        email("nobody", [], { to: undefined, skipped: "no recipient (the account has no contacts)" })] }] }],
      "GET /api/journeys/1/versions": [200, versions],
      "GET /api/tasks": [200, { items: [] }],
      "GET /api/outbox": [200, { items: [
        { id: 61, subject: "Hi", to: "ana@x.example", status: "sent", created_at: "2026-11-24T10:00:00Z", account: { external_id: "acme" } },
        { id: 62, subject: "Hi", to: "ana@x.example", status: "kept", created_at: "2026-11-24T10:00:00Z", account: { external_id: "acme" } }] }],
    });
    render(<MemoryRouter><AccountTimeline externalId="acme" /></MemoryRouter>);
    const card = await screen.findByTestId("enrollment-5");
    const [went, stayed, nobody] = within(card).getAllByRole("listitem");
    expect(went.textContent).toContain("Emailed “Hi” to ana@x.example");
    expect(stayed.textContent).toContain("Kept in the outbox “Hi” to ana@x.example");
    expect(stayed.textContent).toContain("not emailed: no mail server is set up");
    expect(nobody.textContent).toContain("→ skipped");
    expect(nobody.textContent).not.toContain("→ done");
  });
});

describe("account timeline after an edit", () => {
  it("is read again at once and a moment later, when the worker has re-checked the journeys", async () => {
    const fetchFn = installFakeApi({
      "GET /api/accounts/acme/journeys": [200, { enrollments: [] }],
      "GET /api/tasks": [200, { items: [] }],
      "GET /api/outbox": [200, { items: [] }],
    });
    const reads = () => fetchFn.mock.calls.filter(([url]) => url === "/api/accounts/acme/journeys").length;
    const { rerender } = render(<MemoryRouter><AccountTimeline externalId="acme" refresh={0} /></MemoryRouter>);
    const none = await screen.findByText(/has not been in any journey yet/);
    // journeys enroll on segments and on product events: the page says both (QA)
    expect(none.textContent).toContain("a segment a live journey tracks, or when a product event a live journey enters on arrives");
    expect(reads()).toBe(1);
    vi.useFakeTimers();
    try {
      rerender(<MemoryRouter><AccountTimeline externalId="acme" refresh={1} /></MemoryRouter>);
      await act(async () => {});
      expect(reads()).toBe(2);
      await act(() => vi.advanceTimersByTimeAsync(REFRESH_AFTER.at(-1)));
      expect(reads()).toBe(2 + REFRESH_AFTER.length);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("account card", () => {
  it("labels fields and custom attributes and types their values (no JSON quotes)", async () => {
    const { AccountCard } = await import("./AccountsPage.jsx");
    const catalog = { attributes: [{ key: "renewal_risk", label: "Renewal risk", type: "text" }, { key: "nps", label: "NPS", type: "number" }],
      users: [{ email: "asha@example.com", name: "Asha Rao" }] };
    render(<AccountCard catalog={catalog} account={{ name: "Acme", external_id: "acme", mrr: 1500, licenses: 34,
      next_billing_on: "2025-12-08", csm: "asha@example.com", custom: { renewal_risk: "low", nps: 9 } }} />);
    const text = (label) => screen.getByText(label).nextSibling.textContent;
    expect(text("MRR")).toBe("1,500");
    expect(text("Licenses")).toBe("34");
    expect(text("Next billing date")).toBe("8 Dec 2025");
    expect(text("CSM")).toBe("Asha Rao");
    expect(text("Renewal risk")).toBe("low");
    expect(text("NPS")).toBe("9");
    expect(screen.queryByText(/"low"/)).toBeNull();
    expect(text("Contacts")).toBe("none — emails to contacts are skipped");
  });

  it("shows the account's segments, playbooks and contacts by name on its card", async () => {
    const { AccountCard } = await import("./AccountsPage.jsx");
    const catalog = { segments: [{ key: "renewal-90", name: "Renewal in 90 days" }], playbooks: [{ key: "rescue", name: "Renewal rescue" }] };
    render(<AccountCard catalog={catalog} account={{ name: "Acme", external_id: "acme", segments: ["renewal-90"],
      playbooks: { rescue: { status: "active", due_on: "2026-12-20" } },
      contacts: [{ name: "Ann", email: "ann@acme.test", role: "admin" }, { name: "", email: "bo@acme.test", role: null }] }} />);
    const text = (label) => screen.getByText(label).nextSibling.textContent;
    expect(text("Segments")).toBe("Renewal in 90 days");
    expect(text("Playbooks")).toBe("Renewal rescue (active, due 20 Dec 2026)");
    const contacts = screen.getByRole("table", { name: "Contacts" });
    expect(within(contacts).getAllByRole("row").slice(1).map((r) => within(r).getAllByRole("cell").map((c) => c.textContent)))
      .toEqual([["Ann", "ann@acme.test", "admin"], ["—", "bo@acme.test", "—"]]);
  });
});
