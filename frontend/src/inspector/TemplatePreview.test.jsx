import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import TemplatePreview, { pickPreviewAccount } from "./TemplatePreview.jsx";
import { CatalogContext, EMPTY_CATALOG } from "./catalogContext.js";
import { installFakeApi } from "../test/fakeApi.js";

const catalog = { ...EMPTY_CATALOG, users: [{ email: "asha@example.com", name: "Asha Rao", role: "csm" }] };
const NEW = { external_id: "acct-001", name: "Northwind Analytics", status: "active", csm: null, contacts: [], custom: {} };
const LIVE = {
  external_id: "acct-002", name: "Bluebird Labs", status: "active", csm: "asha@example.com",
  contacts: [{ name: "Ana Silva", email: "ana@bluebird.example", role: "admin" }], custom: { health_score: 31 },
};

function show(props) {
  return render(<CatalogContext.Provider value={catalog}><TemplatePreview {...props} /></CatalogContext.Provider>);
}

afterEach(() => vi.unstubAllGlobals());

describe("TemplatePreview", () => {
  it("previews on a real workspace account with a CSM and a contact", async () => {
    const fetchFn = installFakeApi({ "GET /api/accounts": [200, { items: [NEW, LIVE], total: 2 }] });
    show({ subject: "Hi {{ contact.name }}", body: "{{ account.name }}: health {{ custom.health_score }}, {{ csm.name }}" });
    expect(await screen.findByText("Bluebird Labs: health 31, Asha Rao")).toBeTruthy();
    expect(screen.getByText("Hi Ana Silva")).toBeTruthy();
    expect(screen.getByText("(acct-002)")).toBeTruthy();
    expect(fetchFn.mock.calls[0][0]).toMatch(/^\/api\/accounts\?/);
  });

  it("says when it falls back to the sample (no accounts yet)", async () => {
    installFakeApi({ "GET /api/accounts": [200, { items: [], total: 0 }] });
    show({ subject: "For {{ account.name }}" });
    expect(await screen.findByText("(a sample account)")).toBeTruthy();
    expect(screen.getByText("For Acme Analytics")).toBeTruthy();
  });

  it("previews with another account found by its name, and goes back to the first", async () => {
    const fetchFn = installFakeApi({
      "GET /api/accounts": (_b, url) => [200, { items: url.includes("q=north") ? [NEW] : [NEW, LIVE], total: 2 }],
      "GET /api/accounts/acct-001": [200, NEW],
    });
    show({ subject: "For {{ account.name }}" });
    expect(await screen.findByText("For Bluebird Labs")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Preview with another account"), { target: { value: "north" } });
    fireEvent.click(await screen.findByRole("button", { name: "Northwind Analytics acct-001" }));
    expect(await screen.findByText("For Northwind Analytics")).toBeTruthy();
    expect(fetchFn.mock.calls.some(([u]) => u === "/api/accounts/acct-001")).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "Back to the first account" }));
    expect(screen.getByText("For Bluebird Labs")).toBeTruthy();
  });

  it("says when no account has that name", async () => {
    installFakeApi({ "GET /api/accounts": (_b, url) => [200, { items: url.includes("q=") ? [] : [LIVE], total: 1 }] });
    show({ subject: "For {{ account.name }}" });
    fireEvent.change(await screen.findByLabelText("Preview with another account"), { target: { value: "Zebra" } });
    expect(await screen.findByText("No account matches “Zebra”.")).toBeTruthy();
  });

  it("picks the first usable account, else the first, else none", () => {
    expect(pickPreviewAccount([NEW, LIVE])).toBe(LIVE);
    expect(pickPreviewAccount([NEW, { ...LIVE, status: "churned" }])).toBe(NEW);
    expect(pickPreviewAccount([])).toBeNull();
    expect(pickPreviewAccount(undefined)).toBeNull();
  });
});
