// The one place that calls fetch(). Every API module goes through request().
// - JSON in and out; errors in the SPEC shape {"error": {"code", "message", "details"}}
//   become ApiError with a readable message.
// - Non-GET requests carry X-CSRF-Token (set after GET/POST /api/session).
// - A 401 from any endpoint (except the session probe itself) notifies listeners so the
//   app can show the login page.
// - Versioned resources (accounts) answer with an ETag and take it back as If-Match: `headers`
//   adds request headers, `withEtag` returns {data, etag} instead of the body alone.

let csrfToken = null;
const unauthorizedListeners = new Set();

export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export function setCsrfToken(token) {
  csrfToken = token || null;
}

export function getCsrfToken() {
  return csrfToken;
}

/** Subscribe to 401 responses; returns an unsubscribe function. */
export function onUnauthorized(listener) {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

async function readBody(response) {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function errorFrom(status, body) {
  const err = body && typeof body === "object" ? body.error : null;
  if (err && typeof err === "object") {
    return new ApiError(status, err.code || `http_${status}`, err.message || `Request failed (HTTP ${status})`, err.details);
  }
  return new ApiError(status, `http_${status}`, `Request failed (HTTP ${status})`, body);
}

/**
 * Perform an API request; returns {status, ok, data, etag} whatever the status.
 * Throws ApiError(status 0) only when the server could not be reached.
 * options: {method, body (JSON-encoded), query (object; empty values dropped), headers (extra ones)}
 */
export async function send(path, options = {}) {
  const { method = "GET", body, query, headers: extra } = options;
  let url = path;
  if (query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
    }
    const qs = params.toString();
    if (qs) url += `?${qs}`;
  }
  const headers = { ...extra, Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["X-CSRF-Token"] = csrfToken;
  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: "same-origin",
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch (e) {
    throw new ApiError(0, "network", `Cannot reach the server (${e.message})`, null);
  }
  const data = await readBody(response);
  const etag = response.headers?.get?.("ETag") ?? null;
  return { status: response.status, ok: response.ok, data, etag };
}

/**
 * Perform an API request and return the parsed JSON body of a 2xx answer.
 * Throws ApiError otherwise. A 401 notifies onUnauthorized listeners unless quiet401.
 * With withEtag, returns {data, etag} (etag: the ETag header as sent, quotes and all, or null).
 */
export async function request(path, options = {}) {
  const { status, ok, data, etag } = await send(path, options);
  if (ok) return options.withEtag ? { data, etag } : data;
  if (status === 401 && !options.quiet401) {
    for (const listener of unauthorizedListeners) listener();
  }
  throw errorFrom(status, data);
}

export const api = {
  get: (path, query, opts) => request(path, { ...opts, query }),
  post: (path, body, opts) => request(path, { ...opts, method: "POST", body: body ?? {} }),
  put: (path, body, opts) => request(path, { ...opts, method: "PUT", body }),
  patch: (path, body, opts) => request(path, { ...opts, method: "PATCH", body }),
  del: (path, opts) => request(path, { ...opts, method: "DELETE" }),
};
