import { describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import App from "./App.jsx";

function routeFetch(routes) {
  vi.stubGlobal("fetch", vi.fn(async (url) => {
    const path = url.split("?")[0];
    const [status, body] = routes[path] || [404, { error: { code: "not_found", message: "Not found" } }];
    return { status, ok: status >= 200 && status < 300, text: async () => JSON.stringify(body) };
  }));
}

const healthy = ["/api/health", [200, { status: "ok", checks: { database: { ok: true } } }]];

describe("App shell", () => {
  it("shows the login page with the health indicator when the session is missing", async () => {
    routeFetch(Object.fromEntries([healthy, ["/api/session", [401, { error: { code: "unauthorized", message: "Log in" } }]]]));
    render(<MemoryRouter initialEntries={["/journeys"]}><App /></MemoryRouter>);
    expect(await screen.findByLabelText("Email")).toBeTruthy();
    expect(screen.getByLabelText("Password")).toBeTruthy();
    expect(await screen.findByText("Healthy")).toBeTruthy();
    expect(screen.getByText("Journeys", { selector: "a.brand" })).toBeTruthy();
  });

  it("shows navigation for a signed-in user", async () => {
    routeFetch(Object.fromEntries([
      healthy,
      ["/api/session", [200, { user: { email: "a@example.com", name: "Ada", role: "admin" }, csrf_token: "t" }]],
      ["/api/journeys", [200, { items: [] }]],
      ["/api/catalog", [200, {}]],
    ]));
    render(<MemoryRouter initialEntries={["/tasks"]}><App /></MemoryRouter>);
    const nav = await screen.findByRole("navigation", { name: "Main" });
    for (const name of ["Journeys", "Accounts", "Tasks", "Outbox"]) {
      expect(nav.querySelector(`a[href="/${name.toLowerCase()}"]`).textContent).toBe(name);
    }
    expect(screen.getByText(/Ada/)).toBeTruthy();
  });
});
