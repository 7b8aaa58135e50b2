// The Entry step's panel: each chosen segment's rule in words, its member count, a link to it.
import { describe, expect, it } from "vitest";
import { act, fireEvent, render, screen, within } from "@testing-library/react";
import { RouterProvider, createMemoryRouter } from "react-router";
import App from "../App.jsx";
import { editorStore } from "../store/editorStore.js";
import { HEALTHY, SESSION, installFakeApi } from "../test/fakeApi.js";
import onboarding from "../graph/fixtures/onboarding-drip.json";

const journey = { id: 1, key: "onboarding-drip", name: "Onboarding", description: "d", status: "draft", enabled: false,
  draft_version: 4, published_version: null, graph: onboarding };
const LOW_TOUCH = { key: "new-low-touch", name: "New low-touch", accounts: 41,
  rule: { all: [{ property: "account.created_on", op: "within_last", value: { days: 30 } }, { property: "account.mrr", op: "lt", value: 500 }] } };

describe("entry panel", () => {
  it("shows the chosen segment's rule in words and member count, and links to its screen", async () => {
    installFakeApi({
      "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION],
      "GET /api/journeys/1": [200, journey],
      "GET /api/catalog": [200, { segments: [{ key: "new-low-touch", name: "New low-touch" }, { key: "renewal-90d", name: "Renewal in 90 days" }] }],
      "GET /api/segments": [200, { items: [LOW_TOUCH] }],
      "GET /api/segments/new-low-touch": [200, LOW_TOUCH],
      "POST /api/segments/preview": [200, { count: 41, sample: [] }],
      "POST /api/journeys/validate": [200, { valid: true, problems: [] }],
    });
    const router = createMemoryRouter([{ path: "*", element: <App /> }], { initialEntries: ["/journeys/1"] });
    render(<RouterProvider router={router} />);
    await screen.findByLabelText("Journey name");
    act(() => editorStore.getState().select(["start"]));
    const list = await screen.findByRole("list", { name: "Chosen segments" });
    const item = within(list).getByRole("listitem");
    expect(within(item).getByTestId("segment-members").textContent).toBe("41 accounts now");
    expect(item.textContent).toContain("Accounts are in it when Created date was within the last 30 days and MRR is less than 500.");
    const link = within(item).getByRole("link", { name: "New low-touch" });
    expect(link.getAttribute("href")).toBe("/catalog/segments/new-low-touch");
    fireEvent.click(link);
    expect(await screen.findByRole("heading", { name: "Segment “New low-touch”" })).toBeTruthy();
  });
});
