import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { useState } from "react";
import WebhookFields, { bodyProblem, insertMergeField } from "./WebhookFields.jsx";
import { CatalogContext, EMPTY_CATALOG } from "../catalogContext.js";
import { installFakeApi } from "../../test/fakeApi.js";
import { forgetSecretNames, withSecret } from "./WebhookSecretPicker.jsx";

const catalog = { ...EMPTY_CATALOG, attributes: [{ key: "score", label: "Score", type: "number" }] };

function Harness({ initial, onConfig }) {
  const [config, setConfig] = useState(initial);
  return (
    <CatalogContext.Provider value={catalog}>
      <WebhookFields config={config} onChange={(c) => { setConfig(c); onConfig(c); }} />
    </CatalogContext.Provider>
  );
}

describe("webhook form", () => {
  beforeEach(() => forgetSecretNames());

  it("inserts merge fields inside JSON strings and flags a body that is not JSON", () => {
    expect(JSON.parse(insertMergeField('{"a": 1}', "account.name"))).toEqual({ a: 1, name: "{{ account.name }}" });
    expect(bodyProblem('{"n": {{ account.mrr }}}')).toMatch(/Not JSON/);
    expect(bodyProblem('{"n": "{{ account.mrr }}"}')).toBeNull();
  });

  it("edits method, URL, headers, body and response mapping into the node's config", () => {
    const onConfig = vi.fn();
    render(<Harness initial={{ action: "webhook", method: "POST", url: "" }} onConfig={onConfig} />);
    fireEvent.change(screen.getByLabelText("URL"), { target: { value: "https://h.example/x" } });
    fireEvent.click(screen.getByRole("button", { name: "Add header" }));
    fireEvent.change(screen.getByLabelText("Header 1 name"), { target: { value: "Authorization" } });
    fireEvent.change(screen.getByLabelText("Header 1 value"), { target: { value: "Bearer {{ secret.CRM }}" } });
    fireEvent.change(screen.getByLabelText("Insert a merge field"), { target: { value: "account.external_id" } });
    fireEvent.click(screen.getByRole("button", { name: "Insert" }));
    fireEvent.click(screen.getByRole("button", { name: "Add mapping" }));
    fireEvent.change(screen.getByLabelText("Response path 1"), { target: { value: "data.score" } });
    fireEvent.change(screen.getByLabelText("Attribute 1"), { target: { value: "custom.score" } });
    const config = onConfig.mock.calls.at(-1)[0];
    expect(config.url).toBe("https://h.example/x");
    expect(config.headers).toEqual({ Authorization: "Bearer {{ secret.CRM }}" });
    expect(JSON.parse(config.body)).toEqual({ external_id: "{{ account.external_id }}" });
    expect(config.save_response).toEqual([{ path: "data.score", attribute: "custom.score" }]);
    fireEvent.change(screen.getByLabelText("Method"), { target: { value: "GET" } });
    expect(onConfig.mock.calls.at(-1)[0].body).toBeUndefined();
    expect(screen.queryByLabelText("JSON body")).toBeNull();
  });

  it("sends a test request and shows the response", async () => {
    const fetchFn = installFakeApi({ "POST /api/webhooks/test": [200, {
      request: {}, verdict: "sent", status: 200, duration_ms: 31, response: '{"ok": true}', error: null }] });
    render(<Harness initial={{ action: "webhook", method: "POST", url: "https://h.example/x" }} onConfig={vi.fn()} />);
    fireEvent.click(screen.getByRole("button", { name: "Send test request" }));
    const shown = await screen.findByRole("status", { name: "Test response" });
    expect(shown.textContent).toContain("HTTP 200 in 31 ms");
    expect(shown.textContent).toContain('{"ok": true}');
    const [, init] = fetchFn.mock.calls.find(([url]) => url === "/api/webhooks/test");
    expect(JSON.parse(init.body)).toEqual({ config: { method: "POST", url: "https://h.example/x" } });
  });

  it("picks a secret for a header value from /api/secrets, names only", async () => {
    expect(withSecret("", "CRM")).toBe("{{ secret.CRM }}");
    expect(withSecret("Bearer", "CRM")).toBe("Bearer {{ secret.CRM }}");
    expect(withSecret("Bearer ", "CRM")).toBe("Bearer {{ secret.CRM }}");
    installFakeApi({ "GET /api/secrets": [200, { items: [{ name: "CRM_TOKEN" }, { name: "SLACK" }], signing: { exists: true } }] });
    const onConfig = vi.fn();
    render(<Harness initial={{ action: "webhook", url: "https://h.example/x", headers: { Authorization: "Bearer" } }} onConfig={onConfig} />);
    const picker = await screen.findByLabelText("Insert a secret into header 1");
    expect([...picker.options].map((o) => o.textContent)).toEqual(["Insert secret…", "CRM_TOKEN", "SLACK"]);
    fireEvent.change(picker, { target: { value: "CRM_TOKEN" } });
    expect(onConfig.mock.calls.at(-1)[0].headers).toEqual({ Authorization: "Bearer {{ secret.CRM_TOKEN }}" });
    expect(screen.getByLabelText("Header 1 value").value).toBe("Bearer {{ secret.CRM_TOKEN }}");
  });

  it("tells someone who may not list secrets how to write one", async () => {
    installFakeApi({ "GET /api/secrets": [403, { error: { code: "forbidden", message: "Admins only." } }] });
    render(<Harness initial={{ action: "webhook", url: "https://h.example/x", headers: { "X-Key": "" } }} onConfig={vi.fn()} />);
    expect((await screen.findByRole("note")).textContent).toContain("Only admins can list secrets");
    expect(screen.queryByLabelText("Insert a secret into header 1")).toBeNull();
  });
});
