import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import { pathBannerWords, useEnrollmentPath, versionNodeNames } from "./useEnrollmentPath.js";
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

  it("names a step as a given version drew it, else as the newest version that has it", () => {
    const name = versionNodeNames([
      { version: 2, graph: { nodes: [{ id: "wait3", type: "wait", label: "Wait 2 days" }, { id: "tips", type: "action", config: { action: "send_email" } }] } },
      { version: 1, graph: { nodes: [{ id: "wait3", type: "wait", label: "Wait 3 days" }, { id: "old", type: "wait", label: "Old pause" }] } },
    ]);
    expect([name(1, "wait3"), name(2, "wait3"), name(undefined, "wait3"), name(2, "old"), name(1, "tips"), name(2, "gone")])
      .toEqual(["Wait 3 days", "Wait 2 days", "Wait 2 days", "Old pause", "Send email", undefined]);
  });

  it("falls back on the id when the name cannot be read", () => {
    expect(pathBannerWords({ account: "acct-010", name: null, version: 1, status: "goal_exited" }))
      .toBe("Showing the path of acct-010: version 1, left: goal achieved.");
  });
});
