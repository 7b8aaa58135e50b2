import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter, useLocation } from "react-router";
import App from "../App.jsx";
import { HEALTHY, SESSION, installFakeApi } from "../test/fakeApi.js";
import { outboxStatusWords } from "../components/outboxStatus.js";

const base = { from: "asha@example.com", body: "Hi", created_at: "2026-01-05T09:00:00Z", sent_at: null, account: { external_id: "acme", name: "Acme" } };
const uncertain = { ...base, id: 7, subject: "Welcome", to: "ann@acme.test", status: "uncertain", error: "delivery uncertain: the worker stopped while sending" };
const failed = { ...base, id: 8, subject: "Tips", to: "bob@acme.test", status: "failed", error: "550 no such user" };
const sent = { ...base, id: 9, subject: "Hello", to: "cy@acme.test", status: "sent", error: null, sent_at: "2026-01-05T09:01:00Z" };

const resendCalls = (fetchFn) => fetchFn.mock.calls
  .filter(([url, init]) => /\/api\/outbox\/\d+\/resend$/.test(url) && init.method === "POST")
  .map(([url, init]) => [url, JSON.parse(init.body)]);

describe("outbox", () => {
  it("shows both parts of a multipart email (HTML in a sandboxed frame) and a suppressed one in words", async () => {
    const multi = { ...sent, id: 10, subject: "Tour", body: "Hi Ana", html_body: "<p>Hi <b>Ana</b></p>" };
    const skipped = { ...sent, id: 11, subject: "News", status: "suppressed", error: "skipped: unsubscribed" };
    installFakeApi({ "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION], "GET /api/outbox": [200, { items: [multi, skipped] }] });
    render(<MemoryRouter initialEntries={["/outbox"]}><App /></MemoryRouter>);
    const table = await screen.findByRole("table", { name: "Emails" });
    expect(within(table).getByText("Not sent: the address unsubscribed")).toBeTruthy();
    fireEvent.click(within(table).getByRole("button", { name: "Tour" }));
    const frame = await screen.findByTitle("Email: Tour");
    expect([frame.getAttribute("srcdoc"), frame.getAttribute("sandbox")]).toEqual(["<p>Hi <b>Ana</b></p>", ""]);
    expect(screen.getByLabelText("Text part").textContent).toBe("Hi Ana");
  });

  it("tells two identical emails from two journeys apart: the journey (linked) and the step, as the canvas names it", async () => {
    const one = { ...sent, id: 20, journey: { id: 3, key: "onboarding", name: "Onboarding" },
      step: { id: "welcome", label: "Welcome email", type: "action", action: "send_email" } };
    const two = { ...sent, id: 21, journey: { id: 4, key: "pilot", name: "QA Pilot" },
      step: { id: "send_email_1", label: null, type: "action", action: "send_email" } };
    const test = { ...sent, id: 22, subject: "Test", journey: null, step: null };
    installFakeApi({ "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION], "GET /api/outbox": [200, { items: [one, two, test] }] });
    render(<MemoryRouter initialEntries={["/outbox"]}><App /></MemoryRouter>);
    const table = await screen.findByRole("table", { name: "Emails" });
    const heads = within(table).getAllByRole("columnheader").map((h) => h.textContent);
    expect(heads.slice(3, 6)).toEqual(["Account", "Journey", "Step"]);
    const rows = within(table).getAllByRole("row").slice(1).map((r) => [...r.querySelectorAll("td")].map((c) => c.textContent).slice(4, 6));
    expect(rows).toEqual([["Onboarding", "Welcome email"], ["QA Pilot", "Send email"], ["—", "—"]]);
    // moments in the viewer's zone (the tests': Asia/Tokyo, UTC+9), as every page says them
    const times = [...within(table).getAllByRole("row")[1].querySelectorAll("td")].slice(7).map((c) => c.textContent);
    expect(times).toEqual(["5 Jan 2026, 18:00", "5 Jan 2026, 18:01"]);
    expect(within(table).getAllByRole("row")[1].querySelector("time").title).toBe("2026-01-05T09:00:00Z (UTC) · shown in your time zone, Asia/Tokyo");
    expect(screen.getByText(/Times are in your time zone \(Asia\/Tokyo\)/)).toBeTruthy();
    expect(within(table).getByRole("link", { name: "QA Pilot" }).getAttribute("href")).toBe("/journeys/4");
    fireEvent.click(within(table).getAllByRole("button", { name: "Hello" })[1]);
    expect((await screen.findByTestId("email-origin")).textContent).toBe("From the step “Send email” of the journey QA Pilot.");
  });

  it("reads an uncertain email in words and offers it as a filter", async () => {
    expect(outboxStatusWords("uncertain")).toBe("Delivery uncertain — may have been sent");
    const fetchFn = installFakeApi({ "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION], "GET /api/outbox": [200, { items: [uncertain] }] });
    render(<MemoryRouter initialEntries={["/outbox"]}><App /></MemoryRouter>);
    const table = await screen.findByRole("table", { name: "Emails" });
    expect(within(table).getByText("Delivery uncertain — may have been sent")).toBeTruthy();
    const filter = screen.getByLabelText("Status");
    expect(within(filter).getByRole("option", { name: "Delivery uncertain — may have been sent" }).value).toBe("uncertain");
    fireEvent.change(filter, { target: { value: "uncertain" } });
    await waitFor(() => expect(fetchFn.mock.calls.some(([url]) => url === "/api/outbox?status=uncertain&limit=100&offset=0")).toBe(true));
  });

  it("asks before resending, saying the message may already have arrived; Cancel sends nothing", async () => {
    const fetchFn = installFakeApi({
      "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION], "GET /api/outbox": [200, { items: [uncertain, failed, sent] }],
      "POST /api/outbox/7/resend": (body) => [200, { ...uncertain, status: "queued", error: null, _body: body }],
    });
    render(<MemoryRouter initialEntries={["/outbox"]}><App /></MemoryRouter>);
    await screen.findByRole("table", { name: "Emails" });
    // only uncertain and failed rows can be resent
    expect(screen.getByRole("button", { name: "Resend Welcome to ann@acme.test" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Resend Tips to bob@acme.test" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Resend Hello to cy@acme.test" })).toBeNull();

    fireEvent.click(screen.getByRole("button", { name: "Resend Welcome to ann@acme.test" }));
    let dialog = screen.getByRole("alertdialog", { name: "Resend “Welcome”?" });
    expect(dialog.textContent).toContain("This message may already have reached ann@acme.test");
    expect(dialog.textContent).toContain("they may get it twice");
    fireEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("alertdialog")).toBeNull();
    expect(resendCalls(fetchFn)).toEqual([]);

    fireEvent.click(screen.getByRole("button", { name: "Resend Welcome to ann@acme.test" }));
    dialog = screen.getByRole("alertdialog", { name: "Resend “Welcome”?" });
    fireEvent.click(within(dialog).getByRole("button", { name: "Resend anyway" }));
    expect((await screen.findByRole("status", { name: "Resent" })).textContent).toContain("“Welcome” to ann@acme.test is queued to be sent again.");
    expect(resendCalls(fetchFn)).toEqual([["/api/outbox/7/resend", { confirm: true }]]);
    expect(screen.queryByRole("alertdialog")).toBeNull();
    expect(within(screen.getByRole("table", { name: "Emails" })).getByText("Waiting to send")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Resend Welcome to ann@acme.test" })).toBeNull();
  });

  it("a failed email's dialog names the failure and still warns it may have arrived; an API error shows in the dialog", async () => {
    installFakeApi({
      "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION], "GET /api/outbox": [200, { items: [failed] }],
      "POST /api/outbox/8/resend": [409, { error: { code: "conflict", message: "Only an email whose delivery is uncertain or failed can be resent; this one is queued.", details: null } }],
    });
    render(<MemoryRouter initialEntries={["/outbox"]}><App /></MemoryRouter>);
    fireEvent.click(await screen.findByRole("button", { name: "Resend Tips to bob@acme.test" }));
    const dialog = screen.getByRole("alertdialog", { name: "Resend “Tips”?" });
    expect(dialog.textContent).toContain("failed (550 no such user)");
    expect(dialog.textContent).toContain("may already have reached the recipient");
    fireEvent.click(within(dialog).getByRole("button", { name: "Resend anyway" }));
    expect((await within(dialog).findByRole("alert")).textContent).toContain("this one is queued");
  });

  it("support reads the outbox but is offered no resend", async () => {
    installFakeApi({
      "GET /api/health": HEALTHY, "GET /api/session": [200, { ...SESSION, user: { ...SESSION.user, role: "support" } }],
      "GET /api/outbox": [200, { items: [uncertain] }],
    });
    render(<MemoryRouter initialEntries={["/outbox"]}><App /></MemoryRouter>);
    await screen.findByRole("table", { name: "Emails" });
    expect(screen.queryByRole("button", { name: /Resend/ })).toBeNull();
  });

  it("searches by recipient or account on the server, filters by journey, and pages with a count (QA: stopped at 200)", async () => {
    const many = Array.from({ length: 100 }, (_, i) => ({ ...sent, id: 100 + i, subject: `Mail ${i}` }));
    const fetchFn = installFakeApi({
      "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION],
      "GET /api/journeys": [200, { items: [{ id: 3, key: "onboarding", name: "Onboarding" }] }],
      "GET /api/outbox": (_b, url) => {
        const p = new URL(url, "http://x").searchParams;
        if (p.get("q") === "nobody") return [200, { items: [], total: 0 }];
        if (p.get("q") === "ann@acme") return [200, { items: [uncertain], total: 1 }];
        return [200, { items: p.get("offset") === "200" ? many.slice(0, 50) : many, total: 250 }];
      },
    });
    const queries = () => fetchFn.mock.calls.map(([url]) => url).filter((u) => u.startsWith("/api/outbox"))
      .map((u) => Object.fromEntries(new URL(u, "http://x").searchParams));
    render(<MemoryRouter initialEntries={["/outbox"]}><App /></MemoryRouter>);
    expect(await screen.findByText("Showing 1–100 of 250")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Next" }));
    expect(await screen.findByText("Showing 101–200 of 250")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Next" }));
    expect(await screen.findByText("Showing 201–250 of 250")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Next" }).disabled).toBe(true);
    fireEvent.change(screen.getByLabelText("Find (recipient address or account)"), { target: { value: " ann@acme " } });
    expect(await screen.findByText("Showing 1–1 of 1")).toBeTruthy();   // back to the first page
    expect(queries().at(-1)).toEqual({ q: "ann@acme", limit: "100", offset: "0" });
    expect(screen.queryByRole("button", { name: "Next" })).toBeNull();  // one page: no paging
    fireEvent.change(await screen.findByLabelText("Journey"), { target: { value: "3" } });
    await waitFor(() => expect(queries().at(-1)).toEqual({ q: "ann@acme", journey: "3", limit: "100", offset: "0" }));
    fireEvent.change(screen.getByLabelText("Find (recipient address or account)"), { target: { value: "nobody" } });
    expect((await screen.findByText(/No email matches/)).textContent).toBe("No email matches “nobody” with these filters.");
    expect(screen.queryByText(/Showing/)).toBeNull();
  });
});

describe("the outbox's page count", () => {
  it("says 'more than' past the server's count cap", async () => {
    const { outboxRange } = await import("./OutboxPage.jsx");
    expect(outboxRange(0, 100, 340)).toBe("Showing 1–100 of 340");
    expect(outboxRange(100, 100, 10000, true)).toBe("Showing 101–200 of more than 10,000");
    expect(outboxRange(0, 0, 0)).toBe("");
  });
});

describe("the outbox's filters in the URL", () => {
  it("opens a shared link filtered, and a filter changed is in the address", async () => {
    const fetchFn = installFakeApi({ "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION],
      "GET /api/outbox": [200, { items: [failed], total: 1 }] });
    let location;
    function Where() { location = useLocation(); return null; }
    render(<MemoryRouter initialEntries={["/outbox?q=bob&status=failed"]}><App /><Where /></MemoryRouter>);
    await screen.findByRole("table", { name: "Emails" });
    const asked = () => fetchFn.mock.calls.map(([url]) => String(url)).filter((u) => u.includes("/api/outbox"));
    expect(asked()[0]).toMatch(/q=bob/);
    expect(asked()[0]).toMatch(/status=failed/);
    expect(screen.getByLabelText("Find (recipient address or account)").value).toBe("bob");
    expect(screen.getByLabelText("Status").value).toBe("failed");
    fireEvent.change(screen.getByLabelText("Status"), { target: { value: "sent" } });
    await waitFor(() => expect(location.search).toBe("?q=bob&status=sent"));
  });
});
