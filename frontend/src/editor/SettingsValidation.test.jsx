// The journey settings are checked as they are edited (like the graph), and the server's problems
// replace whatever an earlier check or a refused publish left: a fixed problem never lingers.
import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import App from "../App.jsx";
import { HEALTHY, SESSION, installFakeApi } from "../test/fakeApi.js";
import onboarding from "../graph/fixtures/onboarding-drip.json";

const journey = { id: 1, key: "onboarding-drip", name: "Onboarding", description: "d", status: "draft", enabled: false,
  draft_version: 4, published_version: null, graph: onboarding };
const NO_DAYS = { code: "bad_value", message: "settings.send_window.days must be a non-empty list of distinct days from mon, tue, wed, thu, fri, sat, sun", node_id: null, edge: null };

// The fake server's check: a send window without days is a problem, as graph_engine says.
function validate(body) {
  const days = body?.settings?.send_window?.days;
  const problems = days && !days.length ? [NO_DAYS] : [];
  return [200, { valid: !problems.length, problems }];
}

function setup(routes = {}) {
  const fetchFn = installFakeApi({
    "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION],
    "GET /api/journeys/1": [200, journey],
    "GET /api/catalog": [200, { segments: [], outcomes: [] }],
    "POST /api/journeys/validate": validate,
    "PUT /api/journeys/1": (body) => [200, { ...journey, name: body.name, draft_version: 5, graph: body.graph }],
    ...routes,
  });
  render(<MemoryRouter initialEntries={["/journeys/1"]}><App /></MemoryRouter>);
  return fetchFn;
}

const publishButton = () => screen.getByRole("button", { name: "Publish" });
const problemsTab = () => screen.getByRole("tab", { name: /^Problems/ });

describe("journey settings in the editor's checks", () => {
  it("re-validates on a send window change: no days is a problem in words, under the field and in the list", async () => {
    const fetchFn = setup();
    fireEvent.click(await screen.findByLabelText(/Only send emails and create tasks inside a send window/, {}, { timeout: 5000 }));
    await waitFor(() => expect(publishButton().disabled).toBe(false), { timeout: 3000 });
    const days = screen.getByRole("group", { name: "Days" });
    for (const day of ["Mon", "Tue", "Wed", "Thu", "Fri"]) fireEvent.click(within(days).getByLabelText(day));
    // said at once under the field
    expect(screen.getByTestId("send-window-problems").textContent).toBe("Send window: pick at least one day.");
    // and the server's check runs for the settings change: the Problems tab counts it, Publish is off
    await waitFor(() => expect(problemsTab().textContent).toBe("Problems (1)"), { timeout: 3000 });
    expect(publishButton().disabled).toBe(true);
    const sent = fetchFn.mock.calls.filter(([url]) => url === "/api/journeys/validate").map(([, i]) => JSON.parse(i.body));
    expect(sent.at(-1).settings.send_window.days).toEqual([]);
    fireEvent.click(problemsTab());
    const item = await screen.findByRole("button", { name: /Send window: pick at least one day\./ });
    expect(item.textContent).not.toMatch(/settings\.send_window/);
    // clicking it opens the journey settings on the Step tab, where the field says it too
    fireEvent.click(item);
    expect(screen.getByRole("tab", { name: "Step" }).getAttribute("aria-selected")).toBe("true");
    fireEvent.click(within(screen.getByRole("group", { name: "Days" })).getByLabelText("Mon"));
    expect(screen.queryByTestId("send-window-problems")).toBeNull();
    await waitFor(() => expect(problemsTab().textContent).toBe("Problems (0)"), { timeout: 3000 });
    await waitFor(() => expect(publishButton().disabled).toBe(false), { timeout: 3000 });
  });

  it("replaces the problems a refused publish left once the draft is saved again", async () => {
    setup({
      "POST /api/journeys/1/publish": [422, { error: { code: "invalid_graph", message: "The draft has 1 problem(s)", details: [NO_DAYS] } }],
    });
    await screen.findByTestId("node-used", {}, { timeout: 5000 });
    await waitFor(() => expect(publishButton().disabled).toBe(false), { timeout: 3000 });
    fireEvent.click(publishButton());
    fireEvent.click(within(screen.getByRole("group", { name: /Publish the draft/ })).getByRole("button", { name: "Publish" }));
    await waitFor(() => expect(problemsTab().textContent).toBe("Problems (1)"), { timeout: 3000 });
    // the save behind a change of name (not a graph change) checks again: the server says 0
    fireEvent.change(screen.getByLabelText("Journey name"), { target: { value: "Onboarding 2" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(problemsTab().textContent).toBe("Problems (0)"), { timeout: 3000 });
    await waitFor(() => expect(publishButton().disabled).toBe(false), { timeout: 3000 });
  });

  it("opens the Step tab on the step a problem is about", async () => {
    setup({ "POST /api/journeys/validate": [200, { valid: false, problems: [{ code: "unknown_template", message: "No template onboarding-2", node_id: "tips", edge: null }] }] });
    await waitFor(() => expect(problemsTab().textContent).toBe("Problems (1)"), { timeout: 5000 });
    fireEvent.click(problemsTab());
    fireEvent.click(await screen.findByRole("button", { name: /No template onboarding-2/ }));
    expect(screen.getByRole("tab", { name: "Step" }).getAttribute("aria-selected")).toBe("true");
    expect(screen.getByText("Step id: tips")).toBeTruthy();
  });
});
