import { describe, expect, it } from "vitest";
import { render, screen, within } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import AccountTimeline from "./AccountTimeline.jsx";
import { installFakeApi } from "../test/fakeApi.js";

const enrollment = {
  id: 5, journey_id: 1, journey_name: "Welcome", version: 2, status: "goal_exited", enrolled_at: "2026-11-24T10:00:00Z",
  steps: [
    { node_id: "start", type: "entry", at: "2026-11-24T10:00:00Z", outcome: "entered", detail: null },
    { node_id: "big", type: "condition", at: "2026-11-24T10:00:01Z", outcome: "yes", detail: null },
    { node_id: "gone", type: "end", at: "2026-11-24T10:00:02Z", outcome: null, detail: null },
  ],
};
const versions = { items: [
  { version: 2, graph: { nodes: [{ id: "start", type: "entry" }, { id: "big", type: "condition", label: "Big account?" }] } },
  { version: 1, graph: { nodes: [{ id: "big", type: "condition", label: "Old name" }] } },
] };

describe("account timeline", () => {
  it("names each step as on the canvas of the version walked, in plain words", async () => {
    installFakeApi({
      "GET /api/accounts/acme/journeys": [200, { enrollments: [enrollment] }],
      "GET /api/journeys/1/versions": [200, versions],
      "GET /api/tasks": [200, { items: [] }],
      "GET /api/outbox": [200, { items: [] }],
    });
    render(<MemoryRouter><AccountTimeline externalId="acme" /></MemoryRouter>);
    const card = await screen.findByTestId("enrollment-5");
    expect(within(card).getByText("Left: goal achieved")).toBeTruthy();
    const steps = within(card).getAllByRole("listitem").map((li) => li.textContent);
    expect(steps[0]).toContain("Entry");          // no label: the kind's name
    expect(steps[1]).toContain("Big account?");   // version 2's label, not version 1's
    expect(steps[1]).toContain("yes");
    expect(steps[2]).toContain("gone");           // not in the version: the id stays
  });
});
