// A fetch stand-in for component tests: routes "METHOD /path" to [status, body] (or [status,
// body, headers], e.g. an ETag) or a function (body, url, init) returning one, or a promise of one.
import { vi } from "vitest";

/** Installs a fake fetch; returns the vi.fn so tests can inspect calls ([url, init]). */
export function installFakeApi(routes) {
  const fn = vi.fn(async (url, init = {}) => {
    const method = init.method || "GET";
    const path = url.split("?")[0];
    let hit = routes[`${method} ${path}`];
    if (typeof hit === "function") hit = hit(init.body ? JSON.parse(init.body) : undefined, url, init);
    hit = await hit; // a function may answer later (a promise), to test what shows meanwhile
    const [status, body, headers = {}] = hit || [404, { error: { code: "not_found", message: `No fake for ${method} ${path}` } }];
    const header = (name) => Object.entries(headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1] ?? null;
    return { status, ok: status >= 200 && status < 300, headers: { get: header },
      text: async () => (body === undefined ? "" : JSON.stringify(body)) };
  });
  vi.stubGlobal("fetch", fn);
  return fn;
}

export const SESSION = { user: { email: "admin@example.com", name: "Admin", role: "admin" }, csrf_token: "tok" };
export const HEALTHY = [200, { status: "ok", checks: { database: { ok: true } } }];
