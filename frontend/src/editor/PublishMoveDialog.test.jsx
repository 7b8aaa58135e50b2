import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import App from "../App.jsx";
import { HEALTHY, SESSION, installFakeApi } from "../test/fakeApi.js";
import onboarding from "../graph/fixtures/onboarding-drip.json";

// Version 1 had a step "old-wait" the draft (onboarding-drip) no longer has; 5 accounts sit there
// and 3 on wait3 (which both versions have).
const v1 = { ...onboarding, nodes: [...onboarding.nodes, { id: "old-wait", type: "wait", label: "Old pause", config: { for: { days: 9 } } }] };
const live = { id: 1, key: "onboarding-drip", name: "Onboarding", description: "", status: "live", enabled: true,
  draft_version: 4, published_version: 1, graph: onboarding };
const groups = (map) => [
  { version: 1, node_id: "old-wait", count: 5, type: "wait", label: "Old pause", to: map["old-wait"] || null,
    to_type: map["old-wait"] ? "wait" : null, to_label: null, mapped_by: map["old-wait"] ? "map" : null, wait: map["old-wait"] ? "kept" : null },
  { version: 1, node_id: "wait3", count: 3, type: "wait", label: null, to: "wait3", to_type: "wait", to_label: null, mapped_by: "same_id", wait: "kept" },
];

function setup() {
  const published = [];
  const fetchFn = installFakeApi({
    "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION],
    "GET /api/journeys/1": () => [200, published.length ? { ...live, published_version: 2 } : live],
    "GET /api/catalog": [200, {}],
    "POST /api/journeys/validate": [200, { valid: true, problems: [] }],
    "GET /api/journeys/1/versions": [200, { items: [{ version: 1, active: 8, enrolled: 8, live: true, graph: v1 }] }],
    "GET /api/journeys/1/versions/1/diff": [200, { version: 1, against: null, nodes: { added: [], removed: [], changed: [] }, edges: { added: [], removed: [] }, settings: {}, counts: {} }],
    "POST /api/journeys/1/publish/preview": (body) => {
      const map = body.migrate?.map || {};
      const unmapped = map["old-wait"] ? [] : [{ code: "unmapped_node", node_id: "old-wait", version: 1, count: 5, message: "5 active accounts are at “Old pause”" }];
      return [200, { version: 2, valid: true, problems: [], mode: "move", active: 8, moving: unmapped.length ? 3 : 8, staying: unmapped.length ? 5 : 0,
        by_version: [{ version: 1, active: 8 }], nodes: groups(map), unmapped, can_publish: !unmapped.length }];
    },
    "POST /api/journeys/1/publish": (body) => {
      published.push(body);
      return [200, { ...live, published_version: 2, migration: { mode: "move", moved: 8, nodes: [] } }];
    },
  });
  render(<MemoryRouter initialEntries={["/journeys/1"]}><App /></MemoryRouter>);
  return { fetchFn, published };
}

async function openDialog() {
  await waitFor(() => expect(screen.getByRole("button", { name: "Publish" }).disabled).toBe(false), { timeout: 3000 });
  fireEvent.click(screen.getByRole("button", { name: "Publish" }));
  const confirm = await screen.findByRole("group", { name: "Publish the draft as version 2?" });
  fireEvent.click(await within(confirm).findByRole("button", { name: "Move them to version 2 instead…" }));
  return screen.findByRole("dialog", { name: "Move accounts to version 2" });
}

describe("publishing a live journey and moving its accounts", () => {
  it("shows the accounts per step, keeps same-id steps, asks for the rest, previews, then publishes the map", async () => {
    const { fetchFn, published } = setup();
    const dialog = await openDialog();
    const oldRow = await within(dialog).findByTestId("move-row-old-wait");
    expect(oldRow.textContent).toContain("Old pause");
    expect(oldRow.textContent).toContain("5");
    const sameRow = within(dialog).getByTestId("move-row-wait3");
    expect(within(sameRow).getByRole("combobox").value).toBe("wait3");
    expect(sameRow.textContent).toContain("same step · keeps its wake-up time");
    expect(within(oldRow).getByRole("combobox").value).toBe("");
    expect(within(dialog).getByRole("button", { name: "Preview" }).disabled).toBe(true);
    expect(within(dialog).getByRole("button", { name: "Publish and move" }).disabled).toBe(true);

    // Pick on the canvas: the next click on a step maps the row to it (and opens nothing else).
    fireEvent.click(within(oldRow).getByRole("button", { name: "Pick on canvas" }));
    expect(within(dialog).getByRole("status").textContent).toContain("“Old pause” should go");
    fireEvent.click(screen.getByTestId("node-used"));
    await waitFor(() => expect(within(oldRow).getByRole("combobox").value).toBe("used"));
    expect(oldRow.textContent).toContain("continues from there at once");
    // ... or from the list: a wait of the same kind keeps the wake-up time.
    fireEvent.change(within(oldRow).getByRole("combobox"), { target: { value: "wait3" } });
    expect(oldRow.textContent).toContain("keeps its wake-up time");

    fireEvent.change(within(dialog).getByLabelText("Note for the version history (optional)"), { target: { value: "Drop the old pause" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Preview" }));
    const preview = await within(dialog).findByTestId("move-preview");
    expect(preview.textContent).toContain("8 active accounts will move to version 2");
    expect(preview.textContent).toContain("5 accounts: Old pause → Wait");
    const go = within(dialog).getByRole("button", { name: "Publish and move 8 accounts" });
    expect(go.disabled).toBe(false);
    const [, init] = fetchFn.mock.calls.filter(([url]) => url === "/api/journeys/1/publish/preview").at(-1);
    expect(JSON.parse(init.body)).toEqual({ note: "Drop the old pause", migrate: { mode: "move", map: { "old-wait": "wait3", wait3: "wait3" }, waits: "keep" } });

    fireEvent.click(go);
    await waitFor(() => expect(published).toHaveLength(1));
    expect(published[0]).toEqual({ note: "Drop the old pause", migrate: { mode: "move", map: { "old-wait": "wait3", wait3: "wait3" }, waits: "keep" } });
    expect(await screen.findByText(/Published version 2\. Moved 8 active accounts onto it\./)).toBeTruthy();
    expect(screen.queryByRole("dialog", { name: "Move accounts to version 2" })).toBeNull();
  });

  it("asks what accounts asleep on a wait whose length changed do, and publishes the choice", async () => {
    const { fetchFn, published } = setup();
    const dialog = await openDialog();
    const oldRow = await within(dialog).findByTestId("move-row-old-wait");
    // wait3 keeps its length (3 days): nothing to ask
    expect(within(dialog).queryByTestId("move-waits")).toBeNull();
    // the old 9-day pause onto the 3-day wait: the length changes for those 5 accounts
    fireEvent.change(within(oldRow).getByRole("combobox"), { target: { value: "wait3" } });
    const waits = within(dialog).getByTestId("move-waits");
    expect(waits.textContent).toContain("5 accounts are asleep on a wait whose length changed (Old pause)");
    expect(within(waits).getByRole("radio", { name: /Wake when they would have/ }).checked).toBe(true);
    fireEvent.click(within(dialog).getByRole("button", { name: "Preview" }));
    await within(dialog).findByTestId("move-preview");
    fireEvent.click(within(waits).getByRole("radio", { name: /Count the new length/ }));
    expect(oldRow.textContent).toContain("counts the new length from when it began waiting");
    expect(within(dialog).getByTestId("move-row-wait3").textContent).toContain("keeps its wake-up time");
    // a different choice is a different publish: preview again
    expect(within(dialog).queryByTestId("move-preview")).toBeNull();
    fireEvent.click(within(dialog).getByRole("button", { name: "Preview" }));
    await within(dialog).findByTestId("move-preview");
    const [, init] = fetchFn.mock.calls.filter(([url]) => url === "/api/journeys/1/publish/preview").at(-1);
    expect(JSON.parse(init.body).migrate.waits).toBe("recount");
    fireEvent.click(within(dialog).getByRole("button", { name: "Publish and move 8 accounts" }));
    await waitFor(() => expect(published).toHaveLength(1));
    expect(published[0].migrate).toEqual({ mode: "move", map: { "old-wait": "wait3", wait3: "wait3" }, waits: "recount" });
  });

  it("a change after the preview asks for a new preview before publishing", async () => {
    setup();
    const dialog = await openDialog();
    const oldRow = await within(dialog).findByTestId("move-row-old-wait");
    fireEvent.change(within(oldRow).getByRole("combobox"), { target: { value: "done" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Preview" }));
    await within(dialog).findByTestId("move-preview");
    expect(within(dialog).getByRole("button", { name: /Publish and move/ }).disabled).toBe(false);
    fireEvent.change(within(oldRow).getByRole("combobox"), { target: { value: "call" } });
    expect(within(dialog).getByRole("button", { name: /Publish and move/ }).disabled).toBe(true);
    expect(within(dialog).queryByTestId("move-preview")).toBeNull();
  });

  it("the plain confirmation publishes with the note and keeps accounts where they are", async () => {
    const { published } = setup();
    await waitFor(() => expect(screen.getByRole("button", { name: "Publish" }).disabled).toBe(false), { timeout: 3000 });
    fireEvent.click(screen.getByRole("button", { name: "Publish" }));
    const confirm = await screen.findByRole("group", { name: "Publish the draft as version 2?" });
    fireEvent.change(within(confirm).getByLabelText("Note for the version history (optional)"), { target: { value: "Typo" } });
    fireEvent.click(within(confirm).getByRole("button", { name: "Publish" }));
    await waitFor(() => expect(published).toEqual([{ note: "Typo" }]));
  });

  it("a note written after the preview keeps Publish and move on; Enter in it publishes, Shift+Enter does not", async () => {
    const { published } = setup();
    const dialog = await openDialog();
    const oldRow = await within(dialog).findByTestId("move-row-old-wait");
    fireEvent.change(within(oldRow).getByRole("combobox"), { target: { value: "wait3" } });
    expect(within(dialog).getByTestId("move-off-reason").textContent).toBe("Press Preview first: it shows who moves where before anything changes.");
    fireEvent.click(within(dialog).getByRole("button", { name: "Preview" }));
    await within(dialog).findByTestId("move-preview");
    expect(within(dialog).queryByTestId("move-off-reason")).toBeNull();
    const note = within(dialog).getByLabelText("Note for the version history (optional)");
    fireEvent.change(note, { target: { value: "Drop the old pause" } });
    const go = within(dialog).getByRole("button", { name: "Publish and move 8 accounts" });
    expect(go.disabled).toBe(false);
    expect(within(dialog).getByTestId("move-preview")).toBeTruthy();
    fireEvent.keyDown(note, { key: "Enter", shiftKey: true });
    expect(published).toHaveLength(0);
    fireEvent.keyDown(note, { key: "Enter" });
    await waitFor(() => expect(published).toHaveLength(1));
    expect(published[0]).toEqual({ note: "Drop the old pause", migrate: { mode: "move", map: { "old-wait": "wait3", wait3: "wait3" }, waits: "keep" } });
  });

  it("says in words why Publish and move is off after a change of where accounts go", async () => {
    setup();
    const dialog = await openDialog();
    const oldRow = await within(dialog).findByTestId("move-row-old-wait");
    expect(within(dialog).getByTestId("move-off-reason").textContent).toBe("Choose a step for every row, then press Preview.");
    fireEvent.change(within(oldRow).getByRole("combobox"), { target: { value: "done" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Preview" }));
    await within(dialog).findByTestId("move-preview");
    fireEvent.change(within(oldRow).getByRole("combobox"), { target: { value: "call" } });
    const go = within(dialog).getByRole("button", { name: /Publish and move/ });
    expect(go.disabled).toBe(true);
    const why = within(dialog).getByTestId("move-off-reason");
    expect(why.textContent).toBe("Where accounts go changed since the preview: press Preview again.");
    expect(go.getAttribute("aria-describedby")).toBe(why.id);
  });

  it("Enter in the plain confirmation's note publishes", async () => {
    const { published } = setup();
    await waitFor(() => expect(screen.getByRole("button", { name: "Publish" }).disabled).toBe(false), { timeout: 3000 });
    fireEvent.click(screen.getByRole("button", { name: "Publish" }));
    const confirm = await screen.findByRole("group", { name: "Publish the draft as version 2?" });
    const note = within(confirm).getByLabelText("Note for the version history (optional)");
    fireEvent.change(note, { target: { value: "Typo" } });
    fireEvent.keyDown(note, { key: "Enter" });
    await waitFor(() => expect(published).toEqual([{ note: "Typo" }]));
  });
});
