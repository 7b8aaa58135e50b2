// Webhook calls (the Webhooks page), the designer's test request, and secrets (SPEC §9).
import { api } from "./client.js";

/** GET /api/webhook-calls[?status=&host=&journey=&account=] → [{id, status, method, url, response_status, duration_ms, ...}] */
export async function listWebhookCalls(filters = {}) {
  const query = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== "" && v != null));
  return (await api.get("/api/webhook-calls", query)).items;
}

/** POST /api/webhook-calls/<id>/retry → the call, queued again with a fresh 24 h of retries. */
export const retryWebhookCall = (id) => api.post(`/api/webhook-calls/${encodeURIComponent(id)}/retry`);

/** POST /api/webhooks/test {config, account?} → {request, verdict, status, duration_ms, response, error}. */
export const testWebhook = (config, account) => api.post("/api/webhooks/test", account ? { config, account } : { config });

/** GET /api/secrets → {items: [{name, description, created_at, updated_at}], signing: {exists, created_at}}. */
export const listSecrets = () => api.get("/api/secrets");
export const putSecret = (name, value, description) => api.post("/api/secrets", { name, value, description: description || null });
export const deleteSecret = (name) => api.del(`/api/secrets/${encodeURIComponent(name)}`);
/** POST /api/secrets/signing → {value, created_at}: the new signing secret, shown this once. */
export const rotateSigningSecret = () => api.post("/api/secrets/signing");
