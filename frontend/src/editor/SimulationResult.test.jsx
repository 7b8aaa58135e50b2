import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, within } from "@testing-library/react";
import SimulationResult from "./SimulationResult.jsx";
import { CatalogContext } from "../inspector/catalogContext.js";

const catalog = { journeys: [{ key: "onboarding", name: "Onboarding drip" }], segments: [{ key: "renewal-90d", name: "Renewal in 90 days" }], templates: [{ key: "value-recap", subject: "x" }],
  users: [{ email: "asha@example.com", name: "Asha Rao" }] };
const result = {
  status: "completed", goal_achieved: false, start: "2025-12-01T09:00:00+00:00",
  steps: [
    { node_id: "exit", type: "exit", day: 0, at: "2025-12-01T09:00:00+00:00", outcome: "unenroll_from",
      detail: { kind: "unenroll_from", mode: "specific", journeys: ["onboarding"] } },
    { node_id: "start", type: "entry", day: 0, at: "2025-12-01T09:00:00+00:00", outcome: "entered", detail: { segments: ["renewal-90d"] } },
    { node_id: "value", type: "action", day: 7, at: "2025-12-08T09:00:00+00:00", outcome: "done",
      detail: { kind: "send_email", template: "value-recap", to: "role", role: "admin", sender: "csm",
        result: { emails: [], to: ["ann@acme.test"], from: "asha@example.com", subject: "What Acme Corp achieved", body: "Hi Ann,\nAsha", simulated: true } } },
    { node_id: "health", type: "condition", day: 7, at: "2025-12-08T09:00:00+00:00", outcome: "no",
      detail: { verdict: false, rule: { all: [{ property: "custom.nps", op: "lt", value: 7, actual: 9, verdict: false }], verdict: false } } },
  ],
};

describe("simulation result", () => {
  it("tells each step on its day and moment, in sentences with names, with the email rendered", () => {
    const onShow = vi.fn();
    render(<CatalogContext.Provider value={catalog}>
      <SimulationResult result={result} nameOf={(id) => ({ value: "Value recap email" }[id] || id)} onShow={onShow} />
    </CatalogContext.Provider>);
    const steps = screen.getAllByTestId("sim-step");
    expect(steps.shift().textContent).toContain("On enrolling, it would leave “Onboarding drip” if active there");
    expect(steps[0].textContent).toContain("Entered via segment Renewal in 90 days");
    // the journey's day, then the moment in the viewer's zone (the tests': Asia/Tokyo)
    expect(steps[0].textContent).toMatch(/^Day 0 · 1 Dec 2025, 18:00/);
    expect(steps[1].textContent).toMatch(/^Day 7 · 8 Dec 2025, 18:00/);
    expect(steps[1].textContent).toContain("Would send “Value recap” to ann@acme.test from Asha Rao");
    expect(within(steps[1]).getByLabelText("Email as it would be sent").textContent).toContain("What Acme Corp achieved");
    expect(steps[1].textContent).not.toContain("{{");
    expect(steps[2].textContent).toContain("Decision: went the “No” way");
    // Raw detail only under a disclosure.
    const raw = within(steps[1]).getByText("Details").closest("details");
    expect(raw.open).toBe(false);
    fireEvent.click(within(steps[1]).getByRole("button", { name: "Value recap email" }));
    expect(onShow).toHaveBeenCalledWith("value");
  });

  it("says the final status in words that do not run together", () => {
    const final = (r) => {
      const { container, unmount } = render(<SimulationResult result={{ ...r, steps: [] }} nameOf={(id) => id} onShow={vi.fn()} />);
      const text = container.querySelector("p").textContent;
      unmount();
      return text;
    };
    expect(final({ status: "goal_exited", goal_achieved: true })).toBe("Final status: Left: goal achieved");
    expect(final({ status: "completed", goal_achieved: true })).toBe("Final status: Completed Goal achieved");
  });
});
