import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import App from "../App.jsx";
import { HEALTHY, SESSION, installFakeApi } from "../test/fakeApi.js";
import onboarding from "../graph/fixtures/onboarding-drip.json";

const journey = { id: 1, key: "onboarding-drip", name: "Onboarding", description: "d", status: "draft", enabled: false,
  draft_version: 4, published_version: null, graph: onboarding };

function setup(putResponse, routes = {}) {
  const fetchFn = installFakeApi({
    "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION],
    "GET /api/journeys/1": [200, journey],
    "GET /api/catalog": [200, { segments: [{ key: "new-low-touch", name: "New low-touch" }], outcomes: [{ key: "renewed", name: "Renewed" }] }],
    "GET /api/accounts": [200, { items: [{ external_id: "acme", name: "Acme Corp" }], total: 1 }],
    "POST /api/journeys/validate": [200, { valid: false, problems: [{ code: "unknown_template", message: "No template onboarding-2", node_id: "tips", edge: null }] }],
    "PUT /api/journeys/1": putResponse,
    ...routes,
  });
  render(<MemoryRouter initialEntries={["/journeys/1"]}><App /></MemoryRouter>);
  return fetchFn;
}

describe("editor page", () => {
  it("loads the journey, shows validation problems on the node and keeps Publish disabled", async () => {
    setup([200, {}]);
    expect(await screen.findByTestId("node-used", {}, { timeout: 5000 })).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId("node-tips").textContent).toContain("No template onboarding-2"), { timeout: 3000 });
    expect(screen.getByRole("button", { name: "Publish" }).disabled).toBe(true);
    expect(screen.getByRole("tab", { name: "Problems (1)" })).toBeTruthy();
    // why it is off, in words beside it, not only in a tooltip
    expect(screen.getByTestId("publish-reason").textContent).toBe("Fix the problem first (Problems tab)");
  });

  it("saves with Ctrl+S: graph, draft_version, name and description", async () => {
    const fetchFn = setup((body) => [200, { ...journey, name: body.name, draft_version: 5 }]);
    fireEvent.change(await screen.findByLabelText("Journey name"), { target: { value: "Onboarding 2" } });
    expect(screen.getByTestId("save-state").textContent).toMatch(/Unsaved/);
    fireEvent.keyDown(document, { key: "s", ctrlKey: true });
    await waitFor(() => expect(screen.getByTestId("save-state").textContent).toBe("All changes saved"));
    const [, init] = fetchFn.mock.calls.find(([url, i]) => url === "/api/journeys/1" && i.method === "PUT");
    const body = JSON.parse(init.body);
    expect(body).toMatchObject({ draft_version: 4, name: "Onboarding 2", description: "d" });
    expect(body.graph).toEqual(onboarding);
  });

  it("does not save a blank name: marks the field, says why, and lets go once it is named", async () => {
    const fetchFn = setup((body) => [200, { ...journey, name: body.name, draft_version: 5 }]);
    const name = await screen.findByLabelText("Journey name");
    fireEvent.change(name, { target: { value: "  " } });
    expect(name.getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByText("Give the journey a name.")).toBeTruthy();
    expect(screen.getByRole("toolbar").querySelector(".journey-name").textContent).toBe("Untitled journey");
    expect(screen.getByRole("button", { name: "Save" }).disabled).toBe(true);
    fireEvent.keyDown(document, { key: "s", ctrlKey: true }); // Ctrl+S (and "Save and leave") are refused with the reason
    expect(await screen.findByText(/Not saved: Give the journey a name\./)).toBeTruthy();
    expect(fetchFn.mock.calls.some(([url, i]) => url === "/api/journeys/1" && i?.method === "PUT")).toBe(false);
    fireEvent.change(name, { target: { value: "Onboarding 3" } });
    expect(screen.queryByText(/Not saved/)).toBeNull();
    expect(name.getAttribute("aria-invalid")).toBeNull();
    expect(screen.getByRole("toolbar").querySelector(".journey-name").textContent).toBe("Onboarding 3");
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(screen.getByTestId("save-state").textContent).toBe("All changes saved"));
  });

  it("says when someone else saved first (409) and offers to reload", async () => {
    setup([409, { error: { code: "conflict", message: "stale draft_version" } }]);
    fireEvent.change(await screen.findByLabelText("Journey name"), { target: { value: "Mine" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    // the same admin in another tab is as likely as someone else: the words do not guess
    expect(await screen.findByText(/This journey was saved elsewhere \(another tab or person\) after you opened it\./)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: /Reload their version/ }));
    await waitFor(() => expect(screen.getByLabelText("Journey name").value).toBe("Onboarding"));
    expect(screen.getByTestId("save-state").textContent).toBe("All changes saved");
  });

  it("Publish in the tab that lost a conflict says it did not publish, and why", async () => {
    const fetchFn = setup([409, { error: { code: "conflict", message: "stale draft_version" } }],
      { "POST /api/journeys/validate": [200, { valid: true, problems: [] }] });
    fireEvent.change(await screen.findByLabelText("Journey name"), { target: { value: "Mine" } });
    await waitFor(() => expect(screen.getByRole("button", { name: "Publish" }).disabled).toBe(false), { timeout: 3000 });
    fireEvent.click(screen.getByRole("button", { name: "Publish" }));
    fireEvent.click(within(screen.getByRole("group", { name: /Publish the draft/ })).getByRole("button", { name: "Publish" }));
    expect(await screen.findByText(/^Not published: This journey was saved elsewhere \(another tab or person\)/)).toBeTruthy();
    expect(screen.getByRole("button", { name: /Reload their version/ })).toBeTruthy();
    expect(fetchFn.mock.calls.some(([url]) => url === "/api/journeys/1/publish")).toBe(false);
  });

  it("simulates unsaved edits by sending the canvas graph, without saving", async () => {
    const fetchFn = setup([200, {}]);
    fetchFn.mockClear();
    const result = { status: "completed", goal_achieved: false, steps: [{ node_id: "start", type: "entry", day: 0, outcome: null, detail: null }] };
    const original = fetchFn.getMockImplementation();
    fetchFn.mockImplementation(async (url, init = {}) =>
      (url === "/api/journeys/1/simulate" ? { status: 200, ok: true, text: async () => JSON.stringify(result) } : original(url, init)));
    fireEvent.change(await screen.findByLabelText("Journey name"), { target: { value: "Edited" } });
    fireEvent.click(screen.getByRole("tab", { name: "Simulate" }));
    expect(screen.getByText(/unsaved changes included/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Find an account by name"), { target: { value: "Acm" } });
    fireEvent.click(await screen.findByRole("button", { name: /Acme Corp/ }));
    expect(screen.getByTestId("sim-chosen-account").textContent).toBe("Acme Corp");
    fireEvent.click(screen.getByRole("button", { name: "+ Change" }));
    fireEvent.change(screen.getByLabelText("Change 1: what changes"), { target: { value: "outcome" } });
    fireEvent.change(screen.getByLabelText("Change 1: new value"), { target: { value: "renewed" } });
    fireEvent.click(screen.getByRole("button", { name: "Run simulation" }));
    expect(await screen.findByTestId("simulation-result")).toBeTruthy();
    expect(fetchFn.mock.calls.some(([url]) => url === "/api/accounts?q=Acm&limit=8")).toBe(true);
    const [, init] = fetchFn.mock.calls.find(([url]) => url === "/api/journeys/1/simulate");
    expect(JSON.parse(init.body)).toMatchObject({ account: "acme", days: 30, graph: onboarding,
      changes: [{ at_day: 1, set: { outcomes: ["renewed"] } }] });
    expect(fetchFn.mock.calls.some(([, i]) => i?.method === "PUT")).toBe(false);
    expect(screen.getByTestId("save-state").textContent).toMatch(/Unsaved/);
  });

  describe("Publish on a published journey", () => {
    const live = { ...journey, status: "live", enabled: true, published_version: 2 };
    const versions = (v2) => [200, { items: [{ version: 2, graph: v2 }, { version: 1, graph: { ...onboarding, edges: [] } }] }];
    const valid = [200, { valid: true, problems: [] }];
    const publishButton = () => screen.getByRole("button", { name: "Publish" });

    it("is off, saying why, while the saved draft is the newest version; on again after an edit", async () => {
      setup([200, {}], { "GET /api/journeys/1": [200, live], "GET /api/journeys/1/versions": versions(structuredClone(onboarding)),
        "POST /api/journeys/validate": valid });
      await waitFor(() => expect(publishButton().title).toBe("Nothing to publish: the draft is the same as version 2"), { timeout: 3000 });
      expect(publishButton().disabled).toBe(true);
      expect(screen.getByTestId("publish-reason").textContent).toBe("Nothing to publish: same as version 2");
      fireEvent.change(screen.getByLabelText("Journey name"), { target: { value: "Onboarding, edited" } });
      await waitFor(() => expect(publishButton().disabled).toBe(false), { timeout: 3000 });
      expect(publishButton().title).toBe("Freeze the draft as a new version");
      expect(screen.queryByTestId("publish-reason")).toBeNull();
    });

    it("stays on when the draft differs from the newest version, even only in a step's position", async () => {
      const moved = structuredClone(onboarding);
      moved.nodes[1].ui.x += 40;
      setup([200, {}], { "GET /api/journeys/1": [200, live], "GET /api/journeys/1/versions": versions(moved),
        "POST /api/journeys/validate": valid });
      await waitFor(() => expect(publishButton().disabled).toBe(false), { timeout: 3000 });
    });

    it("turns off after saving the draft back to what version 2 is", async () => {
      const v2 = structuredClone(onboarding);
      v2.nodes[1].label = "Kept";
      setup((body) => [200, { ...live, draft_version: 5, graph: body.graph }], { "GET /api/journeys/1": [200, live],
        "GET /api/journeys/1/versions": versions(v2), "POST /api/journeys/validate": valid });
      await waitFor(() => expect(publishButton().disabled).toBe(false), { timeout: 3000 });
      fireEvent.click(screen.getByRole("tab", { name: "Versions" }));
      fireEvent.click(await screen.findByRole("button", { name: "Copy version 2 into the draft" }));
      fireEvent.click(screen.getByRole("button", { name: "Save" }));
      await waitFor(() => expect(screen.getByTestId("save-state").textContent).toBe("All changes saved"));
      await waitFor(() => expect(publishButton().title).toBe("Nothing to publish: the draft is the same as version 2"), { timeout: 3000 });
      expect(publishButton().disabled).toBe(true);
    });
  });
});

describe("confirmations that say what will happen", () => {
  it("Disable says who is not enrolled while it is off, not even later, and that the accounts in it pause", async () => {
    const preview = { version: 1, enroll_existing: false, members: 12, will_enroll: 0, already_active: 4,
      segments: [{ key: "new-low-touch", name: "New low-touch", members: 12 }] };
    setup([200, {}], {
      "GET /api/journeys/1": [200, { ...journey, status: "live", enabled: true, published_version: 1 }],
      "GET /api/journeys/1/enable-preview": [200, preview],
    });
    fireEvent.click(await screen.findByRole("button", { name: "Disable" }));
    const disable = await screen.findByRole("group", { name: "Stop enrolling and pause this journey?" });
    await waitFor(() => expect(disable.textContent).toContain(
      "While it is off, accounts that join the segment “New low-touch” are not enrolled, not even later when it is enabled again. "
      + "The 4 accounts in it pause where they are, and go on when it is enabled again."));
  });

  it("Enable on a journey switched off says the paused accounts go on, with their count", async () => {
    setup([200, {}], {
      "GET /api/journeys/1": [200, { ...journey, status: "disabled", enabled: false, published_version: 1 }],
      "GET /api/journeys/1/enable-preview": [200, { version: 1, enroll_existing: false, members: 12, will_enroll: 0, already_active: 4,
        segments: [{ key: "new-low-touch", name: "New low-touch", members: 12 }] }],
    });
    fireEvent.click(await screen.findByRole("button", { name: "Enable" }));
    const enable = await screen.findByRole("group", { name: "Start enrolling accounts into version 1?" });
    await waitFor(() => expect(enable.textContent).toContain("The 4 accounts in it, paused while it was off, go on where they stopped"));
  });

  it("Enable counts the accounts that enroll now; Publish says who stays on the old version", async () => {
    const published = { ...journey, status: "disabled", enabled: false, published_version: 1 };
    setup([200, {}], {
      "GET /api/journeys/1": [200, published],
      "GET /api/journeys/1/enable-preview": [200, { version: 1, enroll_existing: true, members: 12, will_enroll: 12, already_active: 0,
        segments: [{ key: "new-low-touch", name: "New low-touch", members: 12 }] }],
      "GET /api/journeys/1/versions": [200, { items: [{ version: 1, active: 5, enrolled: 9, live: false, graph: { ...onboarding, edges: [] } }] }],
      "POST /api/journeys/validate": [200, { valid: true, problems: [] }],
    });
    fireEvent.click(await screen.findByRole("button", { name: "Enable" }));
    const enable = await screen.findByRole("group", { name: "Start enrolling accounts into version 1?" });
    await waitFor(() => expect(enable.textContent).toContain("12 accounts will enroll now: the entry also enrolls accounts already in the segment “New low-touch”"));
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.getByRole("button", { name: "Publish" }).disabled).toBe(false), { timeout: 3000 });
    fireEvent.click(screen.getByRole("button", { name: "Publish" }));
    const publish = await screen.findByRole("group", { name: "Publish the draft as version 2?" });
    await waitFor(() => expect(publish.textContent).toContain("5 active accounts stay on the version they enrolled on (version 1)"));
  });

  it("Enable on a journey that enters on a product event names the event the preview gives", async () => {
    setup([200, {}], {
      "GET /api/journeys/1": [200, { ...journey, status: "disabled", enabled: false, published_version: 1 }],
      "GET /api/journeys/1/enable-preview": [200, { version: 1, enroll_existing: false, members: 0, will_enroll: 0, already_active: 0, segments: [],
        events: [{ name: "trial_started" }] }],
    });
    fireEvent.click(await screen.findByRole("button", { name: "Enable" }));
    const enable = await screen.findByRole("group", { name: "Start enrolling accounts into version 1?" });
    await waitFor(() => expect(enable.textContent).toContain("No account enrolls now: accounts enroll when a “trial_started” event arrives for them."));
    expect(enable.textContent).not.toContain("no segment");
  });
});

describe("who may change a journey", () => {
  const as = (role) => ({ ...SESSION, user: { ...SESSION.user, role } });
  for (const role of ["support", "csm"]) {
    it(`tells a ${role} user once that the canvas is read-only, with no editing controls and no save state`, async () => {
      setup([200, {}], { "GET /api/session": [200, as(role)] });
      expect(await screen.findAllByText("Read-only: you can look, not change")).toHaveLength(1);
      expect(screen.queryByText(/Only admins can change journeys/)).toBeNull(); // not said twice in other words
      for (const name of ["Save", "Publish", "Undo", "Redo", "Auto-layout"]) {
        expect(screen.queryByRole("button", { name })).toBeNull();
      }
      expect(screen.queryByTestId("save-state")).toBeNull();
      expect(screen.queryByText("All changes saved")).toBeNull();
      expect(screen.getByRole("button", { name: "Fit view" })).toBeTruthy(); // looking still works
    });
  }
  it("says nothing of the kind to an admin, who has the editing controls", async () => {
    setup([200, {}]);
    expect(await screen.findByRole("button", { name: "Save" })).toBeTruthy();
    for (const name of ["Undo", "Redo", "Auto-layout"]) expect(screen.getByRole("button", { name })).toBeTruthy();
    expect(screen.getByTestId("save-state").textContent).toBe("All changes saved");
    expect(screen.queryByText(/Read-only/)).toBeNull();
  });
});
