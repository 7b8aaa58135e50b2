import { describe, expect, it, vi, beforeEach } from "vitest";
import { ApiError, onUnauthorized, request, setCsrfToken } from "./client.js";

function mockFetch(status, body, headers = {}) {
  const fn = vi.fn(async () => ({
    status,
    ok: status >= 200 && status < 300,
    headers: { get: (name) => headers[name] ?? null },
    text: async () => (body === undefined ? "" : JSON.stringify(body)),
  }));
  vi.stubGlobal("fetch", fn);
  return fn;
}

describe("api client", () => {
  beforeEach(() => setCsrfToken(null));

  it("sends the CSRF token on non-GET requests only", async () => {
    const fetchFn = mockFetch(200, { ok: 1 });
    setCsrfToken("tok");
    await request("/api/x", { method: "POST", body: { a: 1 } });
    await request("/api/y");
    expect(fetchFn.mock.calls[0][1].headers["X-CSRF-Token"]).toBe("tok");
    expect(fetchFn.mock.calls[0][1].body).toBe('{"a":1}');
    expect(fetchFn.mock.calls[1][1].headers["X-CSRF-Token"]).toBeUndefined();
  });

  it("builds the query string and drops empty values", async () => {
    const fetchFn = mockFetch(200, { items: [] });
    await request("/api/tasks", { query: { status: "open", assignee: "", account: null } });
    expect(fetchFn.mock.calls[0][0]).toBe("/api/tasks?status=open");
  });

  it("turns the SPEC error shape into an ApiError with the message", async () => {
    mockFetch(409, { error: { code: "conflict", message: "Someone else saved", details: null } });
    const err = await request("/api/journeys/1", { method: "PUT", body: {} }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(409);
    expect(err.code).toBe("conflict");
    expect(err.message).toBe("Someone else saved");
  });

  it("sends extra headers (If-Match) and hands back the ETag when asked", async () => {
    const fetchFn = mockFetch(200, { name: "Acme" }, { ETag: '"v2"' });
    setCsrfToken("tok");
    const out = await request("/api/accounts/acme", { method: "PATCH", body: { name: "Acme" }, headers: { "If-Match": '"v1"' }, withEtag: true });
    expect(out).toEqual({ data: { name: "Acme" }, etag: '"v2"' });
    expect(fetchFn.mock.calls[0][1].headers).toMatchObject({ "If-Match": '"v1"', "X-CSRF-Token": "tok", "Content-Type": "application/json" });
    expect(await request("/api/accounts/acme")).toEqual({ name: "Acme" }); // the body alone, as before
  });

  it("notifies listeners on 401 unless quiet", async () => {
    mockFetch(401, { error: { code: "unauthorized", message: "Log in" } });
    const listener = vi.fn();
    const off = onUnauthorized(listener);
    await request("/api/journeys").catch(() => {});
    await request("/api/journeys", { quiet401: true }).catch(() => {});
    off();
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
