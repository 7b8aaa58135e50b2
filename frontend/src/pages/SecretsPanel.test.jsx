// Outbound › Secrets: a refused name says the rule.
import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, } from "@testing-library/react";
import SecretsPanel from "./SecretsPanel.jsx";
import { installFakeApi } from "../test/fakeApi.js";

const SECRETS = { items: [{ name: "CRM_TOKEN", updated_at: "2026-01-05T09:00:00Z" }], signing: { exists: true, created_at: "2026-01-04T09:00:00Z" } };
const calls = (fetchFn, method, url) => fetchFn.mock.calls.filter(([u, i]) => u === url && (i?.method || "GET") === method);

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
  });
});
