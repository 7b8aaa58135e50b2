import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import { pathBannerWords, useEnrollmentPath } from "./useEnrollmentPath.js";
import { editorStore } from "../store/editorStore.js";
import { installFakeApi } from "../test/fakeApi.js";

function Banner() {
  const path = useEnrollmentPath(8, "acct-010", "5", true);
  return <p>{path.error || (path.info ? pathBannerWords(path.info) : "loading")}</p>;
}

describe("Show on canvas banner", () => {
  it("names the account by name, its id after it, and the status in words (QA 59)", async () => {
    installFakeApi({
      "GET /api/accounts/acct-010/journeys": [200, { enrollments: [{ id: 5, version: 2, status: "active", steps: [] }] }],
      "GET /api/accounts/acct-010": [200, { external_id: "acct-010", name: "Tidal Studios" }],
      "GET /api/journeys/8/versions": [200, { items: [] }],
    });
    editorStore.getState().load({ id: 8, name: "J", graph: { format: "journey/v1", nodes: [], edges: [] } });
    render(<Banner />);
    expect(await screen.findByText("Showing the path of Tidal Studios (acct-010): version 2, active.")).toBeTruthy();
    expect(editorStore.getState().overlay.title).toBe("Path of Tidal Studios");
  });

  it("falls back on the id when the name cannot be read", () => {
    expect(pathBannerWords({ account: "acct-010", name: null, version: 1, status: "goal_exited" }))
      .toBe("Showing the path of acct-010: version 1, left: goal achieved.");
  });
});
