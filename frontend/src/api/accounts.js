// Accounts (support view) and enrollments.
import { api } from "./client.js";

const acct = (externalId) => `/api/accounts/${encodeURIComponent(externalId)}`;

/**
 * GET /api/accounts?q=&segment=&limit=&offset= → {items: [account JSON], total}
 * q matches name or external id; segment is a segment key; limit is 1–1000 (server default 50).
 */
export const listAccounts = ({ q, segment, limit, offset } = {}) => api.get("/api/accounts", { q, segment, limit, offset });

/** GET /api/accounts/<external_id> → account JSON (SPEC §5). */
export const getAccount = (externalId) => api.get(acct(externalId));

/** GET /api/accounts/<external_id>/journeys → [{id, journey_id, journey_key, journey_name, version, status, ...steps}] */
export async function getAccountJourneys(externalId) {
  return (await api.get(`${acct(externalId)}/journeys`)).enrollments;
}

export const unenroll = (enrollmentId) => api.post(`/api/enrollments/${encodeURIComponent(enrollmentId)}/unenroll`);
export const retryEnrollment = (enrollmentId) => api.post(`/api/enrollments/${encodeURIComponent(enrollmentId)}/retry`);
