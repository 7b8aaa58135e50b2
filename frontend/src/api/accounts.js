// Accounts (support view) and enrollments.
import { api } from "./client.js";

const acct = (externalId) => `/api/accounts/${encodeURIComponent(externalId)}`;

/**
 * GET /api/accounts?q=&segment=&csm=&limit=&offset= → {items: [account JSON], total}
 * q matches name or external id; segment is a segment key; csm is a staff email, "me" (the
 * signed-in user) or "none" (no CSM), an unknown email a 422; limit is 1–1000 (server default 50).
 */
export const listAccounts = ({ q, segment, csm, limit, offset } = {}) => api.get("/api/accounts", { q, segment, csm, limit, offset });

/** GET /api/users → [{email, name, role}]: every staff user (who may be a CSM: not support). */
export async function listStaff() {
  return (await api.get("/api/users")).items;
}

/** GET /api/accounts/<external_id> → account JSON (SPEC §5). */
export const getAccount = (externalId) => api.get(acct(externalId));

/** GET /api/accounts/<external_id> → {account, etag}: the ETag is the version an edit sends back. */
export async function getAccountVersion(externalId) {
  const { data, etag } = await api.get(acct(externalId), undefined, { withEtag: true });
  return { account: data, etag };
}

/**
 * PATCH /api/accounts/<external_id> with only the changed fields (a custom key set to null is
 * removed) → {account, etag}. With `etag` it goes as If-Match: a 412 means the account changed
 * since it was read, and nothing was written.
 */
export async function patchAccount(externalId, changes, etag) {
  const { data, etag: next } = await api.patch(acct(externalId), changes, { headers: etag ? { "If-Match": etag } : undefined, withEtag: true });
  return { account: data, etag: next };
}

/** PUT (met) or DELETE (not met) /api/accounts/<external_id>/<milestones|outcomes>/<key>. */
export function setAccountMark(externalId, kind, key, met) {
  const path = `${acct(externalId)}/${kind}/${encodeURIComponent(key)}`;
  return met ? api.put(path, {}) : api.del(path);
}

/** GET /api/accounts/<external_id>/journeys → [{id, journey_id, journey_key, journey_name, version, status, ...steps}] */
export async function getAccountJourneys(externalId) {
  return (await api.get(`${acct(externalId)}/journeys`)).enrollments;
}

export const unenroll = (enrollmentId) => api.post(`/api/enrollments/${encodeURIComponent(enrollmentId)}/unenroll`);
export const retryEnrollment = (enrollmentId) => api.post(`/api/enrollments/${encodeURIComponent(enrollmentId)}/retry`);

/** GET /api/accounts/<external_id>/entry-checks → {items: [{journey: {id, key, name, enabled}, segments: [{key, name, since}],
 * code, message, eligible_from, last_enrollment}] — journeys whose entry segment the account is in but it is not —,
 * events: [{journey, event: {name, at, id}, code, message, since, eligible_from, reenroll_days, decided_at}] — per
 * journey entered by an event, the latest such event of the account that did not enroll it, and why}. */
export async function getEntryChecks(externalId) {
  const body = await api.get(`${acct(externalId)}/entry-checks`);
  return { items: body.items || [], events: body.events || [] };
}
