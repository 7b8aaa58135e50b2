import { describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import HealthIndicator from "./HealthIndicator.jsx";

function mockHealth(status, body) {
  vi.stubGlobal("fetch", vi.fn(async () => ({ status, ok: status === 200, text: async () => JSON.stringify(body) })));
}

describe("HealthIndicator", () => {
  it("reads Healthy on 200", async () => {
    mockHealth(200, { status: "ok", checks: { database: { ok: true }, redis: { ok: true }, worker: { ok: true } } });
    render(<HealthIndicator />);
    expect(await screen.findByText("Healthy")).toHaveProperty("dataset.testid", "health-status");
  });

  it("names what is down on 503", async () => {
    mockHealth(503, {
      status: "degraded",
      checks: { database: { ok: true }, redis: { ok: false, error: "refused" }, worker: { ok: false, error: "none" } },
    });
    render(<HealthIndicator />);
    expect(await screen.findByText("Degraded: redis, worker")).toBeTruthy();
  });

  it("says the server is unreachable when fetch fails", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => { throw new TypeError("Failed to fetch"); }));
    render(<HealthIndicator />);
    expect(await screen.findByText("Degraded: server unreachable")).toBeTruthy();
  });
});
