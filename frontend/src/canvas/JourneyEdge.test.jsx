import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import { editorStore } from "../store/editorStore.js";
import { CanvasReadOnly } from "./canvasContext.js";
import JourneyEdge from "./JourneyEdge.jsx";

// The label renderer is a portal into React Flow's pane; here the labels render in place.
vi.mock("@xyflow/react", async (original) => ({
  ...(await original()),
  EdgeLabelRenderer: ({ children }) => <>{children}</>,
}));

const graph = {
  format: "journey/v1",
  nodes: [
    { id: "start", type: "entry", config: { segments: ["s"], reenroll: { mode: "never" }, enroll_existing: false }, ui: { x: 0, y: 0 } },
    { id: "fin", type: "end", ui: { x: 0, y: 150 } },
  ],
  edges: [{ source: "start", target: "fin" }],
};
const s = () => editorStore.getState();
const edgeProps = (selected) => ({ id: s().edges[0].id, source: "start", target: "fin", sourceX: 0, sourceY: 0, targetX: 0, targetY: 100,
  sourcePosition: "bottom", targetPosition: "top", selected, data: {} });
const draw = (selected, readOnly = false) => render(
  <CanvasReadOnly.Provider value={readOnly}><svg><JourneyEdge {...edgeProps(selected)} /></svg></CanvasReadOnly.Provider>);

beforeEach(() => {
  s().load({ id: 1, key: "k", name: "J", description: "", draft_version: 1, graph });
});

describe("a line on the canvas", () => {
  it("offers a × that deletes it once selected, as one undoable edit", () => {
    draw(true);
    const button = screen.getByRole("button", { name: "Delete this connection" });
    expect(button.getAttribute("title")).toMatch(/Delete key/);
    fireEvent.click(button);
    expect(s().edges).toHaveLength(0);
    expect(s().dirty).toBe(true);
    s().undo();
    expect(s().edges).toHaveLength(1);
  });

  it("has no × while not selected, nor on a read-only canvas", () => {
    draw(false);
    expect(screen.queryByRole("button", { name: "Delete this connection" })).toBeNull();
    draw(true, true);
    expect(screen.queryByRole("button", { name: "Delete this connection" })).toBeNull();
  });
});
