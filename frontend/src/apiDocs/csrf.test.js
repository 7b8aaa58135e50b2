import { describe, expect, it, vi } from "vitest";
import { withSessionCsrf } from "./csrf.js";

const session = () => vi.fn(async () => ({ ok: true, json: async () => ({ user: {}, csrf_token: "tok" }) }));

describe("withSessionCsrf", () => {
  it("adds the session's CSRF token to writes, asking for it once", async () => {
    const fetchFn = session();
    const intercept = withSessionCsrf(fetchFn);
    const first = await intercept({ method: "POST", url: "/api/journeys", headers: { "Content-Type": "application/json" } });
    const second = await intercept({ method: "delete", url: "/api/segments/x", headers: {} });
    expect(first.headers).toEqual({ "Content-Type": "application/json", "X-CSRF-Token": "tok" });
    expect(second.headers["X-CSRF-Token"]).toBe("tok");
    expect(fetchFn).toHaveBeenCalledTimes(1);
  });

  it("leaves reads and token-authorised calls alone", async () => {
    const fetchFn = session();
    const intercept = withSessionCsrf(fetchFn);
    expect((await intercept({ method: "GET", url: "/api/journeys", headers: {} })).headers).toEqual({});
    expect((await intercept({ method: "POST", url: "/api/journeys", headers: { Authorization: "Bearer t" } })).headers)
      .toEqual({ Authorization: "Bearer t" });
    expect(fetchFn).not.toHaveBeenCalled();
  });

  it("sends the write unchanged when there is no session", async () => {
    const intercept = withSessionCsrf(vi.fn(async () => ({ ok: false, json: async () => ({}) })));
    expect((await intercept({ method: "PUT", url: "/api/accounts/a", headers: {} })).headers).toEqual({});
  });
});
