import { beforeEach, describe, expect, it } from "vitest";
import { fireEvent, render, screen, within } from "@testing-library/react";
import { editorStore } from "../store/editorStore.js";
import Inspector from "./Inspector.jsx";

const graph = {
  format: "journey/v1",
  nodes: [
    { id: "start", type: "entry", config: { segments: ["s"], reenroll: { mode: "never" }, enroll_existing: false }, ui: { x: 0, y: 0 } },
    { id: "cond", type: "condition", label: "Big?", config: { rule: { all: [] } }, ui: { x: 0, y: 150 } },
    { id: "fin", type: "end", ui: { x: 0, y: 300 } },
    { id: "ab", type: "split", config: { weights: { a: 50, b: 50 } }, ui: { x: 200, y: 300 } },
    { id: "goal", type: "goal", config: { rule: { all: [] } }, ui: { x: 400, y: 0 } },
  ],
  edges: [{ source: "start", target: "cond" }, { source: "cond", target: "fin", branch: "yes" }],
};

const s = () => editorStore.getState();
const section = () => screen.getByRole("region", { name: "Connect to another step" });
const optionTexts = (select) => [...select.querySelectorAll("option")].map((o) => [o.textContent, o.disabled]);

beforeEach(() => {
  s().load({ id: 1, key: "k", name: "J", description: "", draft_version: 1, graph });
});

describe("Connect to… in the inspector", () => {
  it("offers the free branches and the legal targets; the others are listed as not possible, with the reason", () => {
    s().select(["cond"]);
    render(<Inspector />);
    const panel = within(section());
    expect(optionTexts(panel.getByLabelText("From output"))).toEqual([["No", false]]);
    expect(optionTexts(panel.getByLabelText("Connect to"))).toEqual([
      ["Choose a step…", false],
      ["End (fin)", false],
      ["Random split (A/B) (ab)", false],
      ["Entry (start): Nothing can lead into the entry.", true],
      ["Goal (goal): Goal and exit criteria stand apart: they take no connections.", true],
    ]);
    expect(panel.getByRole("button", { name: "Connect" }).disabled).toBe(true);
  });

  it("connects the chosen output to the chosen step as one undoable edit", () => {
    s().select(["ab"]);
    render(<Inspector />);
    const panel = within(section());
    fireEvent.change(panel.getByLabelText("From output"), { target: { value: "b" } });
    fireEvent.change(panel.getByLabelText("Connect to"), { target: { value: "fin" } });
    fireEvent.click(panel.getByRole("button", { name: "Connect" }));
    expect(s().edges.map((e) => [e.source, e.sourceHandle, e.target])).toContainEqual(["ab", "b", "fin"]);
    expect(s().dirty).toBe(true);
    expect(panel.getByRole("status").textContent).toBe("“b” now leads to End (fin).");
    expect(optionTexts(panel.getByLabelText("From output"))).toEqual([["a", false]]);
    s().undo();
    expect(s().edges).toHaveLength(2);
  });

  it("says so when every output is taken, and is absent for steps without outputs", () => {
    s().select(["start"]);
    const { rerender } = render(<Inspector />);
    expect(section().textContent).toMatch(/already leads somewhere/);
    // how to change it, in words a mouse user and a keyboard user both follow
    expect(section().textContent).toMatch(/click its line on the canvas and delete it \(the × on the line, or the Delete key\)/);
    expect(section().textContent).toMatch(/add a step from the palette to put it in between/);
    expect(within(section()).queryByLabelText("Connect to")).toBeNull();
    s().select(["fin"]);
    rerender(<Inspector />);
    expect(screen.queryByRole("region", { name: "Connect to another step" })).toBeNull();
  });

  it("shows a selected line with what it joins and a button to delete it", () => {
    s().select([]);
    editorStore.setState({ edges: s().edges.map((e) => (e.target === "fin" ? { ...e, selected: true } : e)) });
    render(<Inspector />);
    const panel = within(screen.getByRole("complementary", { name: "Inspector" }));
    expect(panel.getByRole("heading", { name: "Connection" })).toBeTruthy();
    expect(panel.getByText(/From “Big\?” \(its “Yes” path\) to “End”\./)).toBeTruthy();
    expect(panel.getByText(/press the Delete key/)).toBeTruthy();
    fireEvent.click(panel.getByRole("button", { name: "Delete this connection" }));
    expect(s().edges.map((e) => e.target)).toEqual(["cond"]);
  });
});
