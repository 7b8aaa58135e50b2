// Email delivery (SPEC §8): test sends and the suppression list.
import { api } from "./client.js";

/**
 * POST /api/templates/<key>/test {account} → 201 {id, to, subject, status}: the template rendered
 * for that account, sent to the signed-in user ("[Test]" subject). 404 unknown account/template.
 */
export const sendTemplateTest = (key, account) =>
  api.post(`/api/templates/${encodeURIComponent(key)}/test`, { account });

/** POST /api/emails/test {account, subject, body, html_body?} → the same for an email written in a node. */
export const sendEmailTest = (content, account) => api.post("/api/emails/test", { ...content, account });

/**
 * GET /api/suppressions?q=&account=&limit=&offset= → {items: [{address, reason, source, note,
 * journey: {id, name} | null, node_id, created_by, created_at}], total}, newest first.
 */
export function listSuppressions({ q, account, limit = 200, offset = 0 } = {}) {
  const params = new URLSearchParams({ limit: String(limit), offset: String(offset) });
  if (q) params.set("q", q);
  if (account) params.set("account", account);
  return api.get(`/api/suppressions?${params}`);
}

/** POST /api/suppressions {address, note?} → 201 the suppression; 409 when already there, 422 bad address. */
export const addSuppression = (address, note) => api.post("/api/suppressions", note ? { address, note } : { address });

/** DELETE /api/suppressions/<address>: the address gets journey emails again. */
export const removeSuppression = (address) => api.del(`/api/suppressions/${encodeURIComponent(address)}`);
