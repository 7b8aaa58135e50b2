// Webhooks › Secrets: a refused name says the rule; replacing the signing secret and deleting a
// header secret ask first, saying what breaks.
import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import SecretsPanel from "./SecretsPanel.jsx";
import { installFakeApi } from "../test/fakeApi.js";

const SECRETS = { items: [{ name: "CRM_TOKEN", updated_at: "2026-01-05T09:00:00Z" }], signing: { exists: true, created_at: "2026-01-04T09:00:00Z" } };
const calls = (fetchFn, method, url) => fetchFn.mock.calls.filter(([u, i]) => u === url && (i?.method || "GET") === method);

/** Renders the panel, makes a new signing secret (confirming) and returns where it is shown. */
async function showNewSecret() {
  installFakeApi({
    "GET /api/secrets": [200, SECRETS],
    "POST /api/secrets/signing": [201, { value: "whsec_new", created_at: "2026-01-05T09:00:00Z" }],
  });
  render(<SecretsPanel />);
  fireEvent.click(await screen.findByRole("button", { name: "Make a new signing secret" }));
  fireEvent.click(within(screen.getByRole("group", { name: "Replace the signing secret now?" }))
    .getByRole("button", { name: "Make a new secret" }));
  return screen.findByRole("status", { name: "New signing secret" });
}

describe("secrets panel", () => {
  it("says which names a secret may have when the API refuses one", async () => {
    installFakeApi({
      "GET /api/secrets": [200, SECRETS],
      "POST /api/secrets": [422, { error: { code: "invalid", message: "Some fields are not valid: name",
        details: { json: { name: ["1–64 letters, digits and underscores"] } } } }],
    });
    render(<SecretsPanel />);
    fireEvent.change(await screen.findByLabelText("Secret name"), { target: { value: "crm token" } });
    fireEvent.change(screen.getByLabelText("Secret value"), { target: { value: "s3cret" } });
    fireEvent.click(screen.getByRole("button", { name: "Save secret" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("1 to 64 letters, digits and underscores (no spaces or dashes)");
    expect(alert.textContent).not.toContain("Some fields are not valid");
    // moments in the viewer's zone (the tests': Asia/Tokyo, UTC+9), as every page says them
    expect(screen.getByText("CRM_TOKEN").closest("li").textContent).toContain("updated 5 Jan 2026, 18:00");
    expect(screen.getByText(/A signing secret exists/).textContent).toContain("(made 4 Jan 2026, 18:00)");
  });

  it("asks before replacing the signing secret, saying receivers reject calls until they get the new one", async () => {
    const fetchFn = installFakeApi({
      "GET /api/secrets": [200, SECRETS],
      "POST /api/secrets/signing": [201, { value: "whsec_new", created_at: "2026-01-05T09:00:00Z" }],
    });
    render(<SecretsPanel />);
    fireEvent.click(await screen.findByRole("button", { name: "Make a new signing secret" }));
    expect(calls(fetchFn, "POST", "/api/secrets/signing")).toHaveLength(0);
    const ask = screen.getByRole("group", { name: "Replace the signing secret now?" });
    expect(ask.textContent).toContain("every receiver rejects the signatures");
    fireEvent.click(within(ask).getByRole("button", { name: "Make a new secret" }));
    const shown = await screen.findByRole("status", { name: "New signing secret" });
    expect(within(shown).getByLabelText("The new signing secret").value).toBe("whsec_new");
    expect(calls(fetchFn, "POST", "/api/secrets/signing")).toHaveLength(1);
  });

  it("copies the new signing secret with one click, and says so", async () => {
    const copied = [];
    Object.defineProperty(navigator, "clipboard", { configurable: true,
      value: { writeText: async (text) => { copied.push(text); } } });
    try {
      const shown = await showNewSecret();
      fireEvent.click(within(shown).getByRole("button", { name: "Copy" }));
      expect(await within(shown).findByText("Copied.")).toBeTruthy();
      expect(copied).toEqual(["whsec_new"]);
    } finally {
      delete navigator.clipboard;
    }
  });

  it("when the browser refuses to copy, selects the secret and says to press Ctrl+C", async () => {
    Object.defineProperty(navigator, "clipboard", { configurable: true,
      value: { writeText: async () => { throw new Error("not allowed"); } } });
    document.execCommand = () => false;
    try {
      const shown = await showNewSecret();
      fireEvent.click(within(shown).getByRole("button", { name: "Copy" }));
      expect((await within(shown).findByText(/would not copy it/)).textContent).toContain("Ctrl+C");
      const field = within(shown).getByLabelText("The new signing secret");
      expect([field.selectionStart, field.selectionEnd]).toEqual([0, "whsec_new".length]);
    } finally {
      delete navigator.clipboard;
      delete document.execCommand;
    }
  });

  it("says when there are no header secrets yet", async () => {
    installFakeApi({ "GET /api/secrets": [200, { items: [], signing: { exists: true, created_at: "2026-01-04T09:00:00Z" } }] });
    render(<SecretsPanel />);
    expect(await screen.findByText("No secrets yet.")).toBeTruthy();
  });

  it("asks before deleting a header secret, and Cancel keeps it", async () => {
    const fetchFn = installFakeApi({ "GET /api/secrets": [200, SECRETS], "DELETE /api/secrets/CRM_TOKEN": [204, undefined] });
    render(<SecretsPanel />);
    fireEvent.click(await screen.findByRole("button", { name: "Delete" }));
    const ask = screen.getByRole("group", { name: "Delete the secret CRM_TOKEN?" });
    expect(ask.textContent).toContain("{{ secret.CRM_TOKEN }}");
    fireEvent.click(within(ask).getByRole("button", { name: "Cancel" }));
    expect(calls(fetchFn, "DELETE", "/api/secrets/CRM_TOKEN")).toHaveLength(0);
    fireEvent.click(screen.getByRole("button", { name: "Delete" }));
    fireEvent.click(within(screen.getByRole("group", { name: "Delete the secret CRM_TOKEN?" })).getByRole("button", { name: "Delete" }));
    await waitFor(() => expect(calls(fetchFn, "DELETE", "/api/secrets/CRM_TOKEN")).toHaveLength(1));
  });
});
