// Leaving the designer with unsaved edits asks first: "← Journeys", the header links, and Back.
import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { RouterProvider, createMemoryRouter } from "react-router";
import App from "../App.jsx";
import { HEALTHY, SESSION, installFakeApi } from "../test/fakeApi.js";
import onboarding from "../graph/fixtures/onboarding-drip.json";

const journey = { id: 1, key: "onboarding-drip", name: "Onboarding", description: "d", status: "draft", enabled: false,
  draft_version: 4, published_version: null, graph: onboarding };

function setup(entries = ["/journeys/1"]) {
  const fetchFn = installFakeApi({
    "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION],
    "GET /api/journeys/1": [200, journey],
    "GET /api/journeys": [200, { items: [journey] }],
    "GET /api/accounts": [200, { items: [], total: 0 }],
    "GET /api/segments": [200, { items: [] }],
    "GET /api/catalog": [200, {}],
    "POST /api/journeys/validate": [200, { valid: true, problems: [] }],
    "PUT /api/journeys/1": (body) => [200, { ...journey, name: body.name, draft_version: 5 }],
  });
  const router = createMemoryRouter([{ path: "*", element: <App /> }], { initialEntries: entries });
  render(<RouterProvider router={router} />);
  return { fetchFn, router };
}

const dialog = () => screen.queryByRole("alertdialog", { name: "Leave without saving?" });

async function editName(value) {
  fireEvent.change(await screen.findByLabelText("Journey name"), { target: { value } });
  expect(screen.getByTestId("save-state").textContent).toMatch(/Unsaved/);
}

describe("unsaved edits in the designer", () => {
  it("“← Journeys” asks; Stay keeps the edits on the page", async () => {
    const { router } = setup();
    await editName("Renamed");
    fireEvent.click(screen.getByRole("link", { name: "← Journeys" }));
    expect(await screen.findByRole("alertdialog")).toBeTruthy();
    expect(dialog().textContent).toMatch(/This journey has changes that are not saved/);
    fireEvent.click(screen.getByRole("button", { name: "Stay on this page" }));
    await waitFor(() => expect(dialog()).toBeNull());
    expect(router.state.location.pathname).toBe("/journeys/1");
    expect(screen.getByLabelText("Journey name").value).toBe("Renamed");
  });

  it("Escape is Stay: the dialog closes and the edits stay", async () => {
    const { router } = setup();
    await editName("Renamed");
    fireEvent.click(screen.getByRole("link", { name: "← Journeys" }));
    expect(await screen.findByRole("alertdialog")).toBeTruthy();
    fireEvent.keyDown(document.activeElement || document.body, { key: "Escape" });
    await waitFor(() => expect(dialog()).toBeNull());
    expect(router.state.location.pathname).toBe("/journeys/1");
    expect(screen.getByLabelText("Journey name").value).toBe("Renamed");
  });

  it("a header link asks; Leave without saving goes there and saves nothing", async () => {
    const { fetchFn, router } = setup();
    await editName("Renamed");
    fireEvent.click(screen.getByRole("navigation", { name: "Main" }).querySelector('a[href="/accounts"]'));
    fireEvent.click(await screen.findByRole("button", { name: "Leave without saving" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/accounts"));
    expect(fetchFn.mock.calls.some(([, init]) => init?.method === "PUT")).toBe(false);
  });

  it("Save and leave saves the draft, then goes", async () => {
    const { fetchFn, router } = setup();
    await editName("Saved on the way out");
    fireEvent.click(screen.getByRole("link", { name: "← Journeys" }));
    fireEvent.click(await screen.findByRole("button", { name: "Save and leave" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/journeys"));
    const [, init] = fetchFn.mock.calls.find(([url, i]) => url === "/api/journeys/1" && i.method === "PUT");
    expect(JSON.parse(init.body).name).toBe("Saved on the way out");
  });

  it("Back (history) is guarded too", async () => {
    const { router } = setup(["/journeys", "/journeys/1"]);
    await editName("Renamed");
    router.navigate(-1);
    expect(await screen.findByRole("alertdialog")).toBeTruthy();
    expect(router.state.location.pathname).toBe("/journeys/1");
  });

  it("does not ask when everything is saved", async () => {
    const { router } = setup();
    await screen.findByLabelText("Journey name");
    fireEvent.click(screen.getByRole("link", { name: "← Journeys" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/journeys"));
    expect(dialog()).toBeNull();
  });
});
