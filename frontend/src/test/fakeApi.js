// A fetch stand-in for component tests: routes "METHOD /path" to [status, body] or a function
// (body, url) returning one, or a promise of one.
import { vi } from "vitest";

/** Installs a fake fetch; returns the vi.fn so tests can inspect calls ([url, init]). */
export function installFakeApi(routes) {
  const fn = vi.fn(async (url, init = {}) => {
    const method = init.method || "GET";
    const path = url.split("?")[0];
    let hit = routes[`${method} ${path}`];
    if (typeof hit === "function") hit = hit(init.body ? JSON.parse(init.body) : undefined, url);
    hit = await hit; // a function may answer later (a promise), to test what shows meanwhile
    const [status, body] = hit || [404, { error: { code: "not_found", message: `No fake for ${method} ${path}` } }];
    return { status, ok: status >= 200 && status < 300, text: async () => (body === undefined ? "" : JSON.stringify(body)) };
  });
  vi.stubGlobal("fetch", fn);
  return fn;
}

export const SESSION = { user: { email: "admin@example.com", name: "Admin", role: "admin" }, csrf_token: "tok" };
export const HEALTHY = [200, { status: "ok", checks: { database: { ok: true } } }];
