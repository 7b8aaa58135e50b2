import { beforeEach, describe, expect, it } from "vitest";
import { createEditorStore, freshId } from "./editorStore.js";
import onboarding from "../graph/fixtures/onboarding-drip.json";

let clock;
let store;
const s = () => store.getState();
const journey = { id: 7, key: "onboarding-drip", name: "Onboarding", description: "", draft_version: 3, graph: onboarding };

beforeEach(() => {
  clock = 1000;
  store = createEditorStore(() => clock);
  s().load(journey);
});

describe("editor store: loading and dirty flag", () => {
  it("loads a journey clean, and toGraph gives the same graph back", () => {
    expect(s().dirty).toBe(false);
    expect(s().nodes).toHaveLength(9);
    expect(s().toGraph()).toEqual(onboarding);
    expect(s().meta.draft_version).toBe(3);
  });

  it("becomes dirty on a change and clean again when undone", () => {
    s().addNode("end", { x: 500, y: 500 });
    expect(s().dirty).toBe(true);
    s().undo();
    expect(s().dirty).toBe(false);
  });

  it("is clean after markSaved and records the new draft version", () => {
    s().setMeta({ name: "Onboarding v2" });
    expect(s().dirty).toBe(true);
    s().markSaved({ draft_version: 4 });
    expect(s().dirty).toBe(false);
    expect(s().meta).toMatchObject({ name: "Onboarding v2", draft_version: 4 });
  });

  it("keeps the draft graph the server holds: from the load, then from each save", () => {
    expect(s().savedGraph).toEqual(onboarding);
    s().setMeta({ name: "Renamed" });
    s().markSaved({ status: "live" });   // publish/enable: the draft itself was not written
    expect(s().savedGraph).toEqual(onboarding);
    const saved = { ...onboarding, nodes: onboarding.nodes.slice(0, 2) };
    s().markSaved({ draft_version: 4 }, saved);
    expect(s().savedGraph).toBe(saved);
  });

  it("does not become dirty from selection alone", () => {
    s().onNodesChange([{ type: "select", id: "used", selected: true }]);
    expect(s().dirty).toBe(false);
    expect(s().nodes.find((n) => n.id === "used").selected).toBe(true);
  });
});

describe("editor store: undo / redo", () => {
  it("undoes and redoes adding a node", () => {
    const id = s().addNode("send_email", { x: 10, y: 10 });
    expect(id).toBe("send_email_1");
    s().undo();
    expect(s().nodes.find((n) => n.id === id)).toBeUndefined();
    s().redo();
    expect(s().nodes.find((n) => n.id === id).data.config.action).toBe("send_email");
  });

  it("coalesces quick typing into one undo step but not slow edits", () => {
    const cfg = (title) => ({ config: { ...s().nodes.find((n) => n.id === "call").data.config, title } });
    s().updateNode("call", cfg("A"), "title");
    clock += 100;
    s().updateNode("call", cfg("AB"), "title");
    clock += 5000;
    s().updateNode("call", cfg("ABC"), "title");
    s().undo();
    expect(s().nodes.find((n) => n.id === "call").data.config.title).toBe("AB");
    s().undo();
    expect(s().nodes.find((n) => n.id === "call").data.config.title).toBe("Offer an onboarding call to {{ account.name }}");
  });

  it("clears the redo stack after a new change", () => {
    s().addNode("end", { x: 0, y: 0 });
    s().undo();
    s().addNode("wait", { x: 0, y: 0 });
    s().redo();
    expect(s().future).toHaveLength(0);
    expect(s().nodes.some((n) => n.type === "wait" && n.id === "wait_1")).toBe(true);
  });

  it("makes a whole drag one undo step", () => {
    s().beginDrag();
    s().onNodesChange([{ type: "position", id: "done", position: { x: 5, y: 700 }, dragging: true }]);
    s().onNodesChange([{ type: "position", id: "done", position: { x: 9, y: 800 }, dragging: false }]);
    expect(s().dirty).toBe(true);
    s().undo();
    expect(s().nodes.find((n) => n.id === "done").position).toEqual({ x: 0, y: 600 });
  });
});

describe("editor store: editing", () => {
  it("deletes selected nodes with their edges in one step", () => {
    s().select(["used"]);
    s().deleteSelected();
    expect(s().nodes.some((n) => n.id === "used")).toBe(false);
    expect(s().edges.some((e) => e.source === "used" || e.target === "used")).toBe(false);
    s().undo();
    expect(s().edges.filter((e) => e.source === "used")).toHaveLength(2);
  });

  it("refuses a second entry, goal or exit", () => {
    expect(s().addNode("entry", { x: 0, y: 0 })).toBeNull();
    expect(s().addNode("goal", { x: 0, y: 0 })).toBeNull();
    expect(s().past).toHaveLength(0);
  });

  it("adds a step linked from an output in one undo step, and skips an illegal link", () => {
    const wait = s().addNode("wait", { x: 0, y: 700 });
    const edges = s().edges.length;
    const end = s().addNode("end", { x: 0, y: 800 }, { source: wait, sourceHandle: null });
    expect(s().edges).toHaveLength(edges + 1);
    expect(s().edges.at(-1)).toMatchObject({ source: wait, target: end, sourceHandle: null });
    s().undo();
    expect(s().nodes.some((n) => n.id === end)).toBe(false);
    expect(s().edges).toHaveLength(edges);
    const orphan = s().addNode("send_email", { x: 0, y: 900 }, { source: "done", sourceHandle: null });
    expect(orphan).toBeTruthy(); // an end has no output: the step is added, not linked
    expect(s().edges).toHaveLength(edges);
  });

  it("inserts a step between two connected steps in one undo step (welcome → new → wait3)", () => {
    const before = s().edges.length;
    const id = s().addNode("assign_csm", { x: 0, y: 240 }, { source: "welcome", sourceHandle: null },
      { target: "wait3", sourceHandle: null, moves: { wait3: { x: 0, y: 400 } } });
    const graph = s().toGraph();
    expect(graph.edges).not.toContainEqual({ source: "welcome", target: "wait3" });
    expect(graph.edges).toContainEqual({ source: "welcome", target: id });
    expect(graph.edges).toContainEqual({ source: id, target: "wait3" });
    expect(s().edges).toHaveLength(before + 1);
    expect(s().nodes.find((n) => n.id === "wait3").position).toEqual({ x: 0, y: 400 });
    s().undo();
    expect(s().toGraph()).toEqual(onboarding);
  });

  it("connects only legal edges", () => {
    expect(s().connect({ source: "done", target: "tips", sourceHandle: null }).ok).toBe(false);
    s().select(["tips"]);
    s().deleteSelected();
    const id = s().addNode("end", { x: 0, y: 0 });
    expect(s().connect({ source: "used", target: id, sourceHandle: "yes" }).ok).toBe(true);
    expect(s().toGraph().edges).toContainEqual({ source: "used", target: id, branch: "yes" });
  });

  it("drops edges from outputs a node no longer has", () => {
    s().addNode("split", { x: 0, y: 0 });
    s().connect({ source: "split_1", target: "done", sourceHandle: "b" });
    const { b: _gone, ...rest } = s().nodes.find((n) => n.id === "split_1").data.config.weights;
    s().updateNode("split_1", { config: { weights: rest } });
    expect(s().edges.some((e) => e.source === "split_1")).toBe(false);
  });

  it("keeps a wait's line when its kind changes: the one output and the “Rule met”/“Happened” path carry it", () => {
    s().addNode("wait", { x: 0, y: 0 });
    s().connect({ source: "wait_1", target: "done", sourceHandle: null });
    s().updateNode("wait_1", { config: { until_rule: { rule: { all: [] }, timeout: { days: 2 } } } });
    expect(s().toGraph().edges).toContainEqual({ source: "wait_1", target: "done", branch: "met" });
    expect(s().hint).toBeNull();
    s().updateNode("wait_1", { config: { until_event: { name: "login", timeout: { days: 2 } } } });
    expect(s().toGraph().edges).toContainEqual({ source: "wait_1", target: "done", branch: "met" });
    // back to a single output: "Happened" carries over, a "Timed out" line goes and the canvas says so
    s().addNode("end", { x: 0, y: 0 });
    s().connect({ source: "wait_1", target: "end_1", sourceHandle: "timeout" });
    s().updateNode("wait_1", { config: { until_date: { property: "account.next_billing_on", offset: { days: 0 } } } });
    const fromWait = s().toGraph().edges.filter((e) => e.source === "wait_1");
    expect(fromWait).toEqual([{ source: "wait_1", target: "done" }]);
    expect(s().hint).toBe("This wait has no “Timed out” path any more: its line was removed (Undo brings it back).");
    s().undo();
    expect(s().toGraph().edges.filter((e) => e.source === "wait_1")).toHaveLength(2);
  });

  it("renames a split branch together with its edge", () => {
    s().addNode("split", { x: 0, y: 0 });
    s().addNode("end", { x: 0, y: 0 });
    s().connect({ source: "split_1", target: "end_1", sourceHandle: "a" });
    expect(s().renameBranch("split_1", "a", "b")).toBe(false);
    expect(s().renameBranch("split_1", "a", "control")).toBe(true);
    expect(s().toGraph().edges).toContainEqual({ source: "split_1", target: "end_1", branch: "control" });
    expect(Object.keys(s().nodes.find((n) => n.id === "split_1").data.config.weights)).toEqual(["control", "b"]);
  });
});

describe("editor store: copy / paste", () => {
  it("pastes copies with fresh ids, their inner edges, and selects them", () => {
    s().select(["tips", "done"]);
    expect(s().copySelected()).toBe(2);
    const added = s().paste();
    expect(added).toEqual(["send_email_1", "end_1"]);
    const copy = s().nodes.find((n) => n.id === "send_email_1");
    expect(copy.position).toEqual({ x: -160, y: 520 });
    expect(copy.selected).toBe(true);
    expect(s().nodes.find((n) => n.id === "tips").selected).toBe(false);
    expect(s().toGraph().edges).toContainEqual({ source: "send_email_1", target: "end_1" });
    expect(s().edges.filter((e) => e.target === "end_1")).toHaveLength(1);
  });

  it("does not paste a second entry or goal", () => {
    s().select(["start", "goal", "welcome"]);
    s().copySelected();
    expect(s().paste()).toEqual(["send_email_1"]);
  });

  it("pasted copies are independent of the clipboard", () => {
    s().select(["call"]);
    s().copySelected();
    const [id] = s().paste();
    s().updateNode(id, { config: { action: "create_task", title: "changed" } });
    const [id2] = s().paste();
    expect(s().nodes.find((n) => n.id === id2).data.config.title).toMatch(/onboarding call/);
  });
});

describe("freshId", () => {
  it("picks the first free number", () => {
    expect(freshId("end", [{ id: "end_1" }, { id: "end_3" }])).toBe("end_2");
  });
});

describe("editor store: restoring a version", () => {
  it("replaces the canvas as one undoable, dirty change", () => {
    s().replaceGraph({ format: "journey/v1", nodes: [{ id: "only", type: "end" }], edges: [] });
    expect(s().nodes.map((n) => n.id)).toEqual(["only"]);
    expect(s().dirty).toBe(true);
    s().undo();
    expect(s().toGraph()).toEqual(onboarding);
    expect(s().dirty).toBe(false);
  });
});

describe("editor store: journey settings (send window)", () => {
  const WINDOW = { days: ["mon"], start: "09:00", end: "17:00", timezone: "account" };

  it("sets a graph setting as an undoable change that makes the draft dirty and is saved in the graph", () => {
    s().setGraphSetting("send_window", WINDOW);
    expect(s().dirty).toBe(true);
    expect(s().toGraph().settings).toEqual({ send_window: WINDOW });
    s().undo();
    expect(s().toGraph().settings).toBeUndefined();
    expect(s().dirty).toBe(false);
    s().redo();
    expect(s().toGraph().settings).toEqual({ send_window: WINDOW });
    s().setGraphSetting("send_window", null);
    expect(s().toGraph()).toEqual(onboarding);
  });

  it("undoes a rename and a description as one step each (typing coalesced), keeping the status", () => {
    s().setMeta({ name: "O" });
    s().setMeta({ name: "On" });
    clock += 100;
    s().setMeta({ name: "Onboarding v2" });
    expect(s().past).toHaveLength(1);
    clock += 5000;
    s().setMeta({ description: "For new accounts" });
    expect(s().past).toHaveLength(2);
    s().markSaved({ status: "live" });
    s().undo();
    expect(s().meta).toMatchObject({ name: "Onboarding v2", description: "", status: "live" });
    expect(s().dirty).toBe(true);
    s().undo();
    expect(s().meta).toMatchObject({ name: "Onboarding", description: "", draft_version: 3 });
    s().redo();
    s().redo();
    expect(s().meta).toMatchObject({ name: "Onboarding v2", description: "For new accounts" });
    expect(s().dirty).toBe(false);
  });

  it("loads a graph with settings clean", () => {
    s().load({ ...journey, graph: { ...onboarding, settings: { send_window: WINDOW } } });
    expect(s().dirty).toBe(false);
    expect(s().toGraph().settings.send_window).toEqual(WINDOW);
  });
});
