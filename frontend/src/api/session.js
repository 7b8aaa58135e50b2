// Session (cookie) auth: GET/POST/DELETE /api/session.
import { ApiError, request, send, setCsrfToken } from "./client.js";

/**
 * Returns the session {user, csrf_token}, or null when not logged in
 * (the API answers 200 with user null, so a logged-out visit logs no error).
 * Throws ApiError for any other failure.
 */
export async function getSession() {
  const res = await send("/api/session");
  if (res.status === 401 || (res.ok && !res.data?.user)) return null;
  if (!res.ok) {
    const err = res.data && res.data.error;
    throw new ApiError(res.status, err?.code || `http_${res.status}`, err?.message || `Session check failed (HTTP ${res.status})`, err?.details);
  }
  if (!res.data || !res.data.user) return null; // a 200 {"user": null} also means "not signed in"
  setCsrfToken(res.data.csrf_token);
  return res.data;
}

/** Logs in; returns {user, csrf_token}; throws ApiError (e.g. 401 with a message) on bad credentials. */
export async function login(email, password) {
  const result = await request("/api/session", { method: "POST", body: { email, password }, quiet401: true });
  setCsrfToken(result.csrf_token);
  return result;
}

/** Logs out; the CSRF token is forgotten even if the request fails. */
export async function logout() {
  try {
    await request("/api/session", { method: "DELETE", quiet401: true });
  } finally {
    setCsrfToken(null);
  }
}
