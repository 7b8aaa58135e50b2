import { describe, expect, it } from "vitest";
import { render, screen, within } from "@testing-library/react";
import VersionsPanel from "./VersionsPanel.jsx";
import { CatalogContext } from "../inspector/catalogContext.js";
import { installFakeApi } from "../test/fakeApi.js";

describe("versions tab", () => {
  it("shows which version is live, how many accounts are on each, who published it and when", async () => {
    installFakeApi({ "GET /api/journeys/1/versions": [200, { items: [
      { version: 2, live: true, active: 3, enrolled: 3, published_at: "2025-12-08T09:00:00Z", published_by: "asha@example.com", graph: {} },
      { version: 1, live: false, active: 1, enrolled: 7, published_at: "2025-12-01T09:00:00Z", published_by: null, graph: {} },
    ] }] });
    render(<CatalogContext.Provider value={{ users: [{ email: "asha@example.com", name: "Asha Rao" }] }}>
      <VersionsPanel journeyId={1} readOnly onView={() => {}} />
    </CatalogContext.Provider>);
    const v2 = await screen.findByTestId("version-2");
    expect(within(v2).getByText("Live")).toBeTruthy();
    expect(v2.textContent).toContain("3 accounts on it now");
    expect(v2.textContent).toContain("Published 8 Dec 2025, 18:00 by Asha Rao"); // the tests' zone: Asia/Tokyo
    const v1 = screen.getByTestId("version-1");
    expect(within(v1).queryByText("Live")).toBeNull();
    expect(v1.textContent).toContain("1 account on it now");
    expect(v1.textContent).toContain("7 enrollments in all");
  });
});
