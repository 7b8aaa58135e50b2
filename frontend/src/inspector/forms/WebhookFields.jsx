// The webhook action (SPEC §9): method, URL, headers, a JSON body with a merge-field picker,
// response mapping onto attributes, and "Send test request" showing what came back.
import { useState } from "react";
import { useCatalog } from "../catalogContext.js";
import { attributeOptions } from "../attributes.js";
import { Field, NumberField, SelectField, TextField } from "../fields.jsx";
import { testWebhook } from "../../api/webhooks.js";
import WebhookSecretPicker, { useSecretNames } from "./WebhookSecretPicker.jsx";

export const METHODS = ["POST", "PUT", "PATCH", "GET"];
export const MERGE_FIELDS = ["account.external_id", "account.name", "account.mrr", "account.stage", "account.status",
  "account.next_billing_on", "csm.name", "csm.email"];

/** Whether a body is JSON (merge fields go inside strings); returns the parse error or null. */
export function bodyProblem(body) {
  if (body === undefined || body === null || body === "") return null;
  try {
    JSON.parse(body);
    return null;
  } catch (e) {
    return `Not JSON yet: ${e.message}. Put merge fields inside quotes, e.g. "{{ account.name }}".`;
  }
}

/** `body` with `"{{ field }}"` added: as a new key of a JSON object body, else appended. */
export function insertMergeField(body, field) {
  const token = `{{ ${field} }}`;
  const key = field.split(".").pop();
  try {
    const parsed = JSON.parse(body || "{}");
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
      return JSON.stringify({ ...parsed, [key]: token }, null, 2);
    }
  } catch { /* not JSON yet: append the field as text */ }
  return `${body || ""}"${token}"`;
}

function Rows({ legend, rows, onChange, left, right, addLabel }) {
  return (
    <fieldset className="field">
      <legend>{legend}</legend>
      {rows.map((row, i) => (
        <div className="field-row" key={i}>
          {left(row, (v) => onChange(rows.map((r, j) => (j === i ? { ...r, ...v } : r))), i)}
          {right(row, (v) => onChange(rows.map((r, j) => (j === i ? { ...r, ...v } : r))), i)}
          <button type="button" className="small danger" aria-label={`Remove ${legend.toLowerCase()} ${i + 1}`}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}>Remove</button>
        </div>
      ))}
      <span><button type="button" className="small" onClick={() => onChange([...rows, {}])}>{addLabel}</button></span>
    </fieldset>
  );
}

export default function WebhookFields({ config, onChange }) {
  const catalog = useCatalog();
  const [test, setTest] = useState(null);
  const [busy, setBusy] = useState(false);
  const [pick, setPick] = useState("");
  const secrets = useSecretNames();
  const set = (patch, key) => {
    const next = { ...config, ...patch };
    for (const k of Object.keys(patch)) if (patch[k] === undefined) delete next[k];
    onChange(next, key);
  };
  const headers = Object.entries(config.headers || {}).map(([name, value]) => ({ name, value }));
  const setHeaders = (rows) => {
    const obj = Object.fromEntries(rows.map((r) => [r.name ?? "", r.value ?? ""]));
    set({ headers: rows.length ? obj : undefined }, "headers");
  };
  const mapping = config.save_response || [];
  const method = config.method || "POST";
  const problem = bodyProblem(config.body);
  const sendTest = async () => {
    setBusy(true);
    setTest(null);
    try {
      const { action, ...rest } = config;
      setTest(await testWebhook(rest));
    } catch (e) {
      setTest({ verdict: "failed", error: e.message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <SelectField label="Method" value={method} allowEmpty={false} options={METHODS.map((m) => ({ value: m, label: m }))}
        onChange={(v) => set(v === "GET" ? { method: v, body: undefined } : { method: v })} />
      <TextField label="URL" value={config.url} placeholder="https://hooks.example.com/journeys"
        hint="Merge fields allowed after the host, e.g. /accounts/{{ account.external_id }}"
        onChange={(v) => set({ url: v }, "url")} />
      <Rows legend="Headers" rows={headers} addLabel="Add header" onChange={setHeaders}
        left={(r, up, i) => <input aria-label={`Header ${i + 1} name`} value={r.name || ""} placeholder="Authorization"
          onChange={(e) => up({ name: e.target.value })} />}
        right={(r, up, i) => (
          <>
            <input aria-label={`Header ${i + 1} value`} value={r.value || ""} placeholder="Bearer {{ secret.NAME }}"
              onChange={(e) => up({ value: e.target.value })} />
            <WebhookSecretPicker index={i} value={r.value || ""} secrets={secrets} onPick={(v) => up({ value: v })} />
          </>
        )} />
      <p className="muted small">Use <code>{"{{ secret.NAME }}"}</code> in a header for a value kept under Secrets (never shown or logged).</p>
      {method !== "GET" && (
        <>
          <TextField label="JSON body" multiline value={config.body ?? ""}
            placeholder='Empty: the account as JSON, with the journey and node ids'
            onChange={(v) => set({ body: v === "" ? undefined : v }, "body")} />
          {problem && <p className="error small" role="alert">{problem}</p>}
          <div className="field-row">
            <label htmlFor="wh-merge" className="small">Insert a merge field</label>
            <select id="wh-merge" value={pick} onChange={(e) => setPick(e.target.value)}>
              <option value="">Choose…</option>
              {MERGE_FIELDS.map((f) => <option key={f} value={f}>{f}</option>)}
            </select>
            <button type="button" className="small" disabled={!pick} onClick={() => { set({ body: insertMergeField(config.body, pick) }, "body"); setPick(""); }}>
              Insert
            </button>
          </div>
        </>
      )}
      <NumberField label="Timeout (seconds, 1–30)" min={1} value={config.timeout_s ?? 10}
        onChange={(v) => set({ timeout_s: v }, "timeout_s")} />
      <Rows legend="Save from the response" rows={mapping} addLabel="Add mapping"
        onChange={(rows) => set({ save_response: rows.length ? rows.map((r) => ({ path: r.path || "", attribute: r.attribute || "" })) : undefined }, "save_response")}
        left={(r, up, i) => <input aria-label={`Response path ${i + 1}`} value={r.path || ""} placeholder="data.score"
          onChange={(e) => up({ path: e.target.value })} />}
        right={(r, up, i) => (
          <select aria-label={`Attribute ${i + 1}`} value={r.attribute || ""} onChange={(e) => up({ attribute: e.target.value })}>
            <option value="">Attribute…</option>
            {attributeOptions(catalog).map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
          </select>
        )} />
      <Field label="Try it">
        <button type="button" disabled={busy || !config.url} onClick={sendTest}>{busy ? "Sending…" : "Send test request"}</button>
      </Field>
      {test && (
        <div className={test.verdict === "sent" ? "banner info" : "banner error"} role="status" aria-label="Test response">
          <p>{test.status ? `HTTP ${test.status}` : "No response"}{test.duration_ms != null ? ` in ${test.duration_ms} ms` : ""}
            {test.error ? ` — ${test.error}` : ""}</p>
          {test.response && <pre className="small">{test.response}</pre>}
        </div>
      )}
    </>
  );
}
