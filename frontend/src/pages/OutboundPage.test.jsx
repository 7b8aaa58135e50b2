import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import App from "../App.jsx";
import { HEALTHY, SESSION, installFakeApi } from "../test/fakeApi.js";
import { summarizeStep } from "./stepSummary.js";

const call = (id, status, extra = {}) => ({
  id, status, method: "POST", url: "https://hooks.example.com/a", host: "hooks.example.com", attempts: 1,
  next_attempt_at: null, response_status: null, response_excerpt: null, duration_ms: null, error: null, saved: null,
  created_at: "2026-01-05T09:00:00Z", completed_at: null, node_id: "hook", enrollment_id: 3,
  journey: { id: 1, key: "j", name: "Onboarding" }, account: { external_id: "acme", name: "Acme" },
  request: { headers: { Authorization: "Bearer {{ secret.CRM }}" }, body: '{"a":1}' }, ...extra,
});

describe("outbound page", () => {
  it("lists calls with status, response and time, filters by status, and retries a failed call", async () => {
    const failed = call(8, "failed", { response_status: 404, duration_ms: 12, error: "HTTP 404" });
    const sent = call(9, "sent", { response_status: 200, duration_ms: 84, response_excerpt: '{"ok":true}' });
    const fetchFn = installFakeApi({
      "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION],
      "GET /api/webhook-calls": [200, { items: [failed, sent] }],
      "POST /api/webhook-calls/8/retry": [200, { ...failed, status: "queued", attempts: 0, error: null }],
      "GET /api/secrets": [200, { items: [], signing: { exists: false, created_at: null } }],
    });
    render(<MemoryRouter initialEntries={["/outbound"]}><App /></MemoryRouter>);
    const table = await screen.findByRole("table", { name: "Webhook calls" });
    expect(within(table).getByText("200 in 84 ms")).toBeTruthy();
    expect(within(table).getByText("404 in 12 ms")).toBeTruthy();
    expect(within(table).getAllByText("5 Jan 2026, 18:00")).toHaveLength(2); // moments in the viewer's zone (the tests': Asia/Tokyo, UTC+9), as every page says them
    expect(screen.getByRole("link", { name: "Webhooks" })).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Status"), { target: { value: "failed" } });
    await waitFor(() => expect(fetchFn.mock.calls.some(([url]) => url === "/api/webhook-calls?status=failed")).toBe(true));
    const retries = within(table).getAllByRole("button", { name: "Retry" });
    expect(retries).toHaveLength(1);
    fireEvent.click(retries[0]);
    await waitFor(() => expect(fetchFn.mock.calls.some(([url, init]) => url === "/api/webhook-calls/8/retry" && init.method === "POST")).toBe(true));
    await waitFor(() => expect(within(table).getByText("Waiting to send")).toBeTruthy());
  });

  it("says in the row that a call keeps failing: the attempt, the last error, the next try and when it gives up", async () => {
    const retrying = call(4, "queued", { url: "https://crm.does-not-exist.invalid/hook", host: "crm.does-not-exist.invalid",
      attempts: 6, error: "cannot resolve crm.does-not-exist.invalid", next_attempt_at: "2026-01-05T10:00:00Z",
      retry_until: "2026-01-06T09:00:00Z" });
    installFakeApi({
      "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION],
      "GET /api/webhook-calls": [200, { items: [retrying] }],
      "GET /api/secrets": [200, { items: [], signing: { exists: true, created_at: "2026-01-04T09:00:00Z" } }],
    });
    render(<MemoryRouter initialEntries={["/outbound"]}><App /></MemoryRouter>);
    const table = await screen.findByRole("table", { name: "Webhook calls" });
    const status = within(table).getByTestId("call-status").textContent;
    expect(status).toContain("Retrying — attempt 6: cannot resolve crm.does-not-exist.invalid");
    // moments as every page says them, in the viewer's zone (the tests': Asia/Tokyo, UTC+9)
    expect(status).toContain("next try at 5 Jan 2026, 19:00");
    expect(status).toContain("gives up at 6 Jan 2026, 18:00");
    expect(status).not.toContain("Waiting to send");
    // the account and the journey are one click away, as on the Tasks page
    expect(within(table).getByRole("link", { name: "Acme" }).getAttribute("href")).toBe("/accounts/acme");
    expect(within(table).getByRole("link", { name: "Onboarding" }).getAttribute("href")).toBe("/journeys/1");
    // with a signing secret there is no warning, and the secret value field says what goes in it
    expect(screen.queryByRole("alert", { name: "No signing secret" })).toBeNull();
    expect(screen.getByLabelText("Secret value").getAttribute("placeholder")).toBeTruthy();
  });
});

describe("outbound page: uncertain calls and the signing secret", () => {
  it("shows an interrupted call as uncertain, and that no call is sent without a signing secret", async () => {
    const uncertain = call(5, "uncertain", { attempts: 2, error: "uncertain: a worker stopped during this call" });
    const fetchFn = installFakeApi({
      "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION],
      "GET /api/webhook-calls": [200, { items: [uncertain] }],
      "GET /api/secrets": [200, { items: [], signing: { exists: false, created_at: null } }],
      "POST /api/secrets/signing": [201, { value: "whsec_shown_once", created_at: "2026-01-05T09:00:00Z" }],
    });
    render(<MemoryRouter initialEntries={["/outbound"]}><App /></MemoryRouter>);
    const table = await screen.findByRole("table", { name: "Webhook calls" });
    expect(within(table).getByText("Uncertain")).toBeTruthy();
    expect(within(table).getByText(/a worker stopped mid-call; resent with the same Idempotency-Key/)).toBeTruthy();
    expect(within(table).queryByRole("button", { name: "Retry" })).toBeNull(); // it is being resent
    const warning = await screen.findByRole("alert", { name: "No signing secret" });
    expect(warning.textContent).toContain("not sent");
    expect(warning.textContent).toMatch(/steps that call a webhook fail/);
    // first thing an admin sees: above the list of calls, not under it
    expect(warning.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(screen.getAllByRole("button", { name: "Make the signing secret" })).toHaveLength(1);
    fireEvent.click(within(warning).getByRole("button", { name: "Make the signing secret" }));
    const shown = await screen.findByRole("status", { name: "New signing secret" });
    expect(within(shown).getByLabelText("The new signing secret").value).toBe("whsec_shown_once");
    expect(shown.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole("alert", { name: "No signing secret" })).toBeNull());
    expect(fetchFn.mock.calls.some(([url, init]) => url === "/api/secrets/signing" && init.method === "POST")).toBe(true);
  });
});

describe("webhook timeline sentences", () => {
  const step = (result) => ({ type: "action", outcome: "done", detail: { kind: "webhook", method: "POST", url: "https://h.example/x", result } });
  it("says what was called, the status and how long it took", () => {
    expect(summarizeStep(step({ method: "POST", url: "https://h.example/x", status: "sent", response_status: 200, duration_ms: 84 })).text)
      .toBe("POST https://h.example/x → 200 in 84 ms");
  });
  it("says the enrollment waits for the answer, and marks a failure", () => {
    const waiting = { ...step({ method: "POST", url: "https://h.example/x", status: "queued" }), outcome: "waiting" };
    expect(summarizeStep(waiting).text).toBe("POST https://h.example/x → waiting for the response");
    const failed = summarizeStep(step({ method: "POST", url: "https://h.example/x", status: "failed", response_status: 404, duration_ms: 9, error: "HTTP 404" }));
    expect(failed.text).toBe("POST https://h.example/x → 404 in 9 ms");
    expect(failed.tone).toBe("error");
  });
  it("says simulate assumed the answer", () => {
    expect(summarizeStep(step({ simulated: true, method: "POST", url: "https://h.example/x", status: "sent", response_status: 200 })).text)
      .toBe("POST https://h.example/x → 200 assumed");
    expect(summarizeStep(step({ simulated: true, method: "POST", url: "https://h.example/x" })).text).toBe("Would call POST https://h.example/x");
  });
  it("names the attributes a response saved", () => {
    const s = summarizeStep(step({ method: "PUT", url: "https://h.example/x", status: "sent", response_status: 201, duration_ms: 5, saved: { values: { "custom.score": 4 }, missing: [] } }));
    expect(s.text).toBe("PUT https://h.example/x → 201 in 5 ms");
    expect(s.note).toBe("saved custom.score");
  });
});
