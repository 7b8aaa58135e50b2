// Suppressions: the list with why and from where, an admin adds and lifts addresses, refusals read
// clearly; the account page lists its unsubscribed contacts; engagement events read as sentences.
import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import App from "../App.jsx";
import { HEALTHY, SESSION, installFakeApi } from "../test/fakeApi.js";
import { emailEventSentence } from "./emailEvents.js";

const ANA = { address: "ana@acme.example", reason: "unsubscribed", source: "one_click", note: null,
  journey: { id: 3, key: "onboarding", name: "Onboarding" }, node_id: "welcome-mail",
  step: { id: "welcome-mail", label: "Nudge", type: "action", action: "send_email" }, created_by: "ana@acme.example", created_at: "2026-11-30T10:00:00Z" };
const BO = { address: "bo@acme.example", reason: "manual", source: "api", note: "asked by phone", journey: null, node_id: null,
  created_by: "admin@example.com", created_at: "2026-11-29T10:00:00Z" };

function setup(routes, session = SESSION, path = "/suppressions") {
  const fetchFn = installFakeApi({ "GET /api/health": HEALTHY, "GET /api/session": [200, session], ...routes });
  render(<MemoryRouter initialEntries={[path]}><App /></MemoryRouter>);
  return fetchFn;
}

describe("suppressions page", () => {
  it("lists why and from where, adds one, lifts one, and shows a refusal", async () => {
    let items = [ANA];
    const fetchFn = setup({
      "GET /api/suppressions": () => [200, { items, total: items.length }],
      "POST /api/suppressions": (body) => (body.address === "ana@acme.example"
        ? [409, { error: { code: "conflict", message: "ana@acme.example is already suppressed." } }]
        : (items = [{ ...BO, address: body.address, note: body.note }, ...items], [201, items[0]])),
      "DELETE /api/suppressions/ana%40acme.example": () => { items = items.filter((s) => s.address !== ANA.address); return [204]; },
    });
    const table = await screen.findByRole("table", { name: "Suppressed addresses" });
    const row = within(table).getByText("ana@acme.example").closest("tr");
    expect(row.textContent).toContain("Unsubscribed through their mail program's unsubscribe button");
    expect(row.textContent).toContain("30 Nov 2026, 19:00"); // moments in the viewer's zone (the tests': Asia/Tokyo, UTC+9), as every page says them
    expect(within(row).getByRole("link", { name: "Onboarding" }).getAttribute("href")).toBe("/journeys/3");
    // "From" names the step as the canvas (and the Outbox) does, never by its id
    expect(row.textContent).toContain("Onboarding · Nudge");
    expect(row.textContent).not.toContain("welcome-mail");
    fireEvent.change(screen.getByLabelText("Address to suppress"), { target: { value: "ana@acme.example" } });
    fireEvent.click(screen.getByRole("button", { name: "Suppress" }));
    expect((await screen.findByRole("alert")).textContent).toBe("Not added: ana@acme.example is already suppressed.");
    fireEvent.change(screen.getByLabelText("Address to suppress"), { target: { value: "bo@acme.example" } });
    fireEvent.change(screen.getByLabelText("Note"), { target: { value: "asked by phone" } });
    fireEvent.click(screen.getByRole("button", { name: "Suppress" }));
    await screen.findByText("bo@acme.example gets no more journey emails.");
    expect(await screen.findByText("Added by admin@example.com: asked by phone")).toBeTruthy();
    const anaRow = () => screen.getByText("ana@acme.example").closest("tr");
    fireEvent.click(within(anaRow()).getByRole("button", { name: "Lift" }));
    expect(anaRow().textContent).toContain("Send journey emails to ana@acme.example again?");
    fireEvent.click(within(anaRow()).getByRole("button", { name: "Lift" }));
    await screen.findByText("ana@acme.example gets journey emails again.");
    await waitFor(() => expect(screen.queryByRole("cell", { name: "ana@acme.example" })).toBeNull());
    expect(fetchFn.mock.calls.some(([u, i]) => u === "/api/suppressions/ana%40acme.example" && i.method === "DELETE")).toBe(true);
  });

  it("names a step that kept its default name by its kind, as the Outbox does", async () => {
    setup({ "GET /api/suppressions": [200, { items: [{ ...ANA, step: { id: "welcome-mail", label: null, type: "action", action: "send_email" } }], total: 1 }] });
    const table = await screen.findByRole("table", { name: "Suppressed addresses" });
    const row = within(table).getByText("ana@acme.example").closest("tr");
    expect(row.textContent).toContain("Onboarding · Send email");
    expect(row.textContent).not.toContain("welcome-mail");
  });

  it("says a refused address under the box, in words, until it changes", async () => {
    const long = `${"a".repeat(250)}@acme.example`;
    setup({
      "GET /api/suppressions": [200, { items: [], total: 0 }],
      "POST /api/suppressions": [422, { error: { code: "invalid", message: "Some fields are not valid: address",
        details: { json: { address: ["At most 254 characters."] } } } }],
    });
    const box = await screen.findByLabelText("Address to suppress");
    fireEvent.change(box, { target: { value: long } });
    fireEvent.click(screen.getByRole("button", { name: "Suppress" }));
    const words = "Address: type one email address, such as ana@customer.example (at most 254 characters).";
    expect(await screen.findByText(words)).toBeTruthy();
    expect(box.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById(box.getAttribute("aria-describedby")).textContent).toBe(words);
    expect(screen.getByRole("alert").textContent).toBe("Not added: Check “Address” below.");
    expect(screen.queryByText(/Some fields are not valid/)).toBeNull();
    fireEvent.change(box, { target: { value: "ana@acme.example" } });
    expect(screen.queryByText(words)).toBeNull();
    expect(screen.queryByRole("alert")).toBeNull();
    expect(box.getAttribute("aria-invalid")).toBeNull();
  });

  it("lets other roles look but not change, and says so", async () => {
    setup({ "GET /api/suppressions": [200, { items: [ANA], total: 1 }] },
      { ...SESSION, user: { ...SESSION.user, role: "csm" } });
    await screen.findByRole("table", { name: "Suppressed addresses" });
    expect(screen.queryByLabelText("Address to suppress")).toBeNull();
    expect(screen.queryByRole("button", { name: "Lift" })).toBeNull();
    expect(screen.getByText("Only admins can add or lift suppressions; you can look.")).toBeTruthy();
  });
});

describe("engagement events in words", () => {
  it("says what was opened and clicked, and leaves other events alone", () => {
    const props = { journey: "onboarding", node: "n4", template: "welcome", to: "ana@acme.example" };
    expect(emailEventSentence({ name: "email.opened", properties: { ...props, url: null } }))
      .toBe("opened email welcome (journey onboarding · n4)");
    expect(emailEventSentence({ name: "email.clicked", properties: { ...props, url: "https://docs.example.com/a" } }))
      .toBe("clicked https://docs.example.com/a in email welcome (journey onboarding · n4)");
    expect(emailEventSentence({ name: "login", properties: {} })).toBeNull();
    // the account page names them: the template, the journey and its step
    const names = { template: (k) => (k === "welcome" ? "Welcome aboard" : k), journey: () => "Onboarding drip", step: () => "Welcome email" };
    expect(emailEventSentence({ name: "email.opened", properties: props }, names))
      .toBe("opened email “Welcome aboard” (journey Onboarding drip · Welcome email)");
  });
});
