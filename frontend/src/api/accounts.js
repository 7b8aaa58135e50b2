// Accounts (support view) and enrollments.
import { api } from "./client.js";

const acct = (externalId) => `/api/accounts/${encodeURIComponent(externalId)}`;

/** GET /api/accounts?q=<text> → [{external_id, name, ...}] */
export async function searchAccounts(q) {
  return (await api.get("/api/accounts", { q })).items;
}

/** GET /api/accounts/<external_id> → account JSON (SPEC §5). */
export const getAccount = (externalId) => api.get(acct(externalId));

/** GET /api/accounts/<external_id>/journeys → [{id, journey_id, journey_key, journey_name, version, status, ...steps}] */
export async function getAccountJourneys(externalId) {
  return (await api.get(`${acct(externalId)}/journeys`)).enrollments;
}

export const unenroll = (enrollmentId) => api.post(`/api/enrollments/${encodeURIComponent(enrollmentId)}/unenroll`);
export const retryEnrollment = (enrollmentId) => api.post(`/api/enrollments/${encodeURIComponent(enrollmentId)}/retry`);
