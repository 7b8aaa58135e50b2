// Catalog › Email templates: merge-field picker, live preview (sample and a real account), save, refusals.
import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import App from "../App.jsx";
import { HEALTHY, SESSION, installFakeApi } from "../test/fakeApi.js";

const RECAP = { key: "value-recap", subject: "Your year with us", body: "Hi {{ contact.name }}," };
const CATALOG = { journeys: [{ key: "renewals", name: "Renewal journey" }], users: [{ email: "asha@example.com", name: "Asha", role: "csm" }],
  attributes: [{ key: "health", label: "Health score", type: "number" }] };

function setup(path, routes = {}) {
  const fetchFn = installFakeApi({
    "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION], "GET /api/catalog": [200, CATALOG],
    "GET /api/templates": [200, { items: [RECAP] }], "GET /api/templates/value-recap": [200, RECAP],
    ...routes,
  });
  render(<MemoryRouter initialEntries={[path]}><App /></MemoryRouter>);
  return fetchFn;
}

const preview = () => screen.getByRole("region", { name: "Preview" });

describe("template editor", () => {
  it("inserts a merge field where the cursor was and previews it, then saves with PATCH", async () => {
    const fetchFn = setup("/catalog/templates/value-recap", {
      "PATCH /api/templates/value-recap": (body) => [200, { ...RECAP, ...body }],
      "GET /api/accounts/acme": [200, { external_id: "acme", name: "Acme Corp", mrr: 900, csm: "asha@example.com", custom: { health: 71 },
        contacts: [{ name: "Rita", email: "rita@acme.test" }] }],
      "GET /api/accounts": (_b, url) => [200, { items: url.includes("q=Acme") ? [{ external_id: "acme", name: "Acme Corp" }] : [] }],
    });
    const body = await screen.findByLabelText("Body");
    expect(within(preview()).getByText("Hi Dana Lee,")).toBeTruthy();
    body.focus();
    body.setSelectionRange(3, 3); // after "Hi "
    fireEvent.change(screen.getByLabelText("Insert a merge field"), { target: { value: "account.name" } });
    expect(body.value).toBe("Hi {{ account.name }}{{ contact.name }},");
    const subject = screen.getByLabelText("Subject");
    fireEvent.focus(subject);
    subject.setSelectionRange(subject.value.length, subject.value.length);
    fireEvent.change(screen.getByLabelText("Insert a merge field"), { target: { value: "account.custom.health" } });
    expect(subject.value).toBe("Your year with us{{ account.custom.health }}");
    // Another account is found by its name, as people know accounts (not by external id).
    fireEvent.change(screen.getByLabelText("Preview with another account"), { target: { value: "Acme" } });
    fireEvent.click(await screen.findByRole("button", { name: "Acme Corp acme" }));
    // A real account: its name, custom attribute and contact fill the fields.
    await waitFor(() => expect(within(preview()).getByText("Hi Acme CorpRita,")).toBeTruthy());
    expect(within(preview()).getByText("Your year with us71")).toBeTruthy();
    // the test follows the previewed account: no external id to type
    expect(screen.queryByLabelText("Test for account (external id)")).toBeNull();
    expect(within(screen.getByRole("form", { name: "Send a test email" })).getByText(/filled in for Acme Corp\.$/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await screen.findByRole("table", { name: "Email templates" });
    const [[, init]] = fetchFn.mock.calls.filter(([u, i]) => u === "/api/templates/value-recap" && i?.method === "PATCH");
    expect(JSON.parse(init.body)).toEqual({ subject: "Your year with us{{ account.custom.health }}", body: "Hi {{ account.name }}{{ contact.name }},",
      html_body: null });
  });

  it("offers support no working Send test: it is off and says CSMs and admins send tests", async () => {
    const fetchFn = setup("/catalog/templates/value-recap", { "GET /api/session": [200, { ...SESSION, user: { ...SESSION.user, role: "support" } }] });
    const send = await screen.findByRole("button", { name: "Send test" });
    fireEvent.change(screen.getByLabelText("Test for account (external id)"), { target: { value: "acme" } });
    expect(send.disabled).toBe(true);
    expect(send.getAttribute("title")).toBe("Only CSMs and admins may send tests.");
    expect(within(screen.getByRole("form", { name: "Send a test email" })).getByText("Only CSMs and admins may send tests.")).toBeTruthy();
    fireEvent.submit(screen.getByRole("form", { name: "Send a test email" }));
    expect(fetchFn.mock.calls.some(([u]) => u === "/api/templates/value-recap/test")).toBe(false);
  });

  it("edits the HTML part with escaped merges in a sandboxed preview, and sends a test to the signed-in user", async () => {
    const html = "<p>Hi <b>{{ account.name }}</b></p>";
    const fetchFn = setup("/catalog/templates/value-recap", {
      "GET /api/templates/value-recap": [200, { ...RECAP, html_body: html }],
      "PATCH /api/templates/value-recap": (body) => [200, { ...RECAP, ...body }],
      "GET /api/accounts/evil": [200, { external_id: "evil", name: "<script>x</script>", contacts: [] }],
      "GET /api/accounts": (_b, url) => [200, { items: url.includes("q=evil") ? [{ external_id: "evil", name: "<script>x</script>" }] : [] }],
      "POST /api/templates/value-recap/test": (body) => [201, { id: 7, to: "admin@example.com", subject: "[Test] Hi", status: "queued", body }],
    });
    const field = await screen.findByLabelText("HTML body (optional)");
    expect(field.value).toBe(html);
    fireEvent.change(screen.getByLabelText("Preview with another account"), { target: { value: "evil" } });
    fireEvent.click(await screen.findByRole("button", { name: "<script>x</script> evil" }));
    await waitFor(() => expect(screen.getByTitle("HTML part preview").getAttribute("srcdoc"))
      .toBe("<p>Hi <b>&lt;script&gt;x&lt;/script&gt;</b></p>"));
    expect(screen.getByTitle("HTML part preview").getAttribute("sandbox")).toBe("");
    fireEvent.click(screen.getByRole("button", { name: "Send test" }));
    expect(await screen.findByText("Test sent to admin@example.com (outbox #7).")).toBeTruthy();
    const [[, init]] = fetchFn.mock.calls.filter(([u]) => u === "/api/templates/value-recap/test");
    expect(JSON.parse(init.body)).toEqual({ account: "evil" });
    fireEvent.change(field, { target: { value: "" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await screen.findByRole("table", { name: "Email templates" });
    const [[, patch]] = fetchFn.mock.calls.filter(([u, i]) => u === "/api/templates/value-recap" && i?.method === "PATCH");
    expect(JSON.parse(patch.body).html_body).toBe(null);
  });

  it("shows a template that does not render under its field", async () => {
    setup("/catalog/templates/new", {
      "POST /api/templates": [422, { error: { code: "invalid", message: "The template does not render: body: line 1: unexpected '}'",
        details: [{ field: "body", message: "line 1: unexpected '}'" }] } }],
    });
    fireEvent.change(await screen.findByLabelText("Key"), { target: { value: "broken" } });
    fireEvent.change(screen.getByLabelText("Subject"), { target: { value: "Hello" } });
    fireEvent.change(screen.getByLabelText("Body"), { target: { value: "{{ }} }}" } });
    fireEvent.click(screen.getByRole("button", { name: "Create template" }));
    expect(await screen.findByText("line 1: unexpected '}'")).toBeTruthy();
    expect(screen.getByLabelText("Body").getAttribute("aria-invalid")).toBe("true");
  });

  it("says which enabled journey keeps a template from being deleted", async () => {
    setup("/catalog/templates", {
      "DELETE /api/templates/value-recap": [409, { error: { code: "conflict", message: "Enabled journeys send 'value-recap': renewals; disable them first.",
        details: { journeys: ["renewals"] } } }],
    });
    const row = (await screen.findByRole("link", { name: "value-recap" })).closest("tr");
    fireEvent.click(within(row).getByRole("button", { name: "Delete" }));
    fireEvent.click(within(row).getByRole("button", { name: "Delete" }));
    expect((await screen.findByRole("alert")).textContent).toBe(
      "“value-recap” cannot be deleted: the enabled journey “Renewal journey” sends it. Disable it first.");
  });
});
