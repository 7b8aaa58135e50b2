// "Try it out" from a signed-in browser: the session cookie goes along by itself, but writes
// also need the session's CSRF token (SPEC §5), which GET /api/session hands out.
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** A Swagger UI requestInterceptor adding X-CSRF-Token to writes made without a bearer token. */
export function withSessionCsrf(fetchFn) {
  let token = null;
  return async (request) => {
    const method = String(request.method || "GET").toUpperCase();
    const headers = request.headers || {};
    const hasBearer = Object.keys(headers).some((k) => k.toLowerCase() === "authorization");
    if (!UNSAFE.has(method) || hasBearer) return request;
    if (token === null) {
      try {
        const response = await fetchFn("/api/session", { credentials: "same-origin" });
        token = response.ok ? (await response.json()).csrf_token || "" : "";
      } catch {
        token = "";
      }
    }
    if (token) request.headers = { ...headers, "X-CSRF-Token": token };
    return request;
  };
}
