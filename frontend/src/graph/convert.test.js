import { describe, expect, it } from "vitest";
import { flowToJourney, journeyToFlow } from "./convert.js";
import onboarding from "./fixtures/onboarding-drip.json";
import roundRobin from "./fixtures/new-account-round-robin.json";
import renewal from "./fixtures/renewal-90-days.json";

const withoutUi = (graph) => ({
  ...graph,
  nodes: graph.nodes.map(({ ui, ...rest }) => rest), // eslint-disable-line no-unused-vars
});

describe("journey/v1 → React Flow → journey/v1", () => {
  it("keeps a graph with saved positions exactly (onboarding-drip)", () => {
    expect(flowToJourney(journeyToFlow(onboarding))).toEqual(onboarding);
  });

  it.each([["new-account-round-robin", roundRobin], ["renewal-90-days", renewal]])(
    "keeps everything but the added positions (%s)",
    (_name, graph) => {
      const back = flowToJourney(journeyToFlow(graph));
      expect(withoutUi(back)).toEqual(graph);
      for (const n of back.nodes) {
        expect(Number.isFinite(n.ui.x) && Number.isFinite(n.ui.y)).toBe(true);
      }
    },
  );

  it("places laid-out nodes without overlaps and goal/exit to the right of the flow", () => {
    const { nodes } = journeyToFlow(renewal);
    const flow = nodes.filter((n) => !["goal", "exit"].includes(n.type));
    const side = nodes.filter((n) => ["goal", "exit"].includes(n.type));
    const flowRight = Math.max(...flow.map((n) => n.position.x));
    for (const n of side) expect(n.position.x).toBeGreaterThan(flowRight);
    const keys = new Set(nodes.map((n) => `${n.position.x},${n.position.y}`));
    expect(keys.size).toBe(nodes.length);
  });
});

describe("journey/v1 → React Flow shapes", () => {
  const flow = journeyToFlow(onboarding);

  it("maps nodes to typed React Flow nodes with config and position", () => {
    const used = flow.nodes.find((n) => n.id === "used");
    expect(used.type).toBe("condition");
    expect(used.position).toEqual({ x: 0, y: 360 });
    expect(used.data.config.rule.all[0].property).toBe("custom.logins_30d");
    expect(flow.nodes.find((n) => n.id === "done").data.config).toBeUndefined();
  });

  it("maps branches to source handles and gives every edge a unique id", () => {
    const yes = flow.edges.find((e) => e.source === "used" && e.target === "tips");
    expect(yes.sourceHandle).toBe("yes");
    expect(flow.edges.find((e) => e.source === "start").sourceHandle).toBeNull();
    expect(new Set(flow.edges.map((e) => e.id)).size).toBe(flow.edges.length);
  });
});

describe("React Flow → journey/v1", () => {
  it("writes branches, labels, rounded positions and keeps edge ids and unknown keys", () => {
    const graph = flowToJourney({
      nodes: [
        { id: "a", type: "entry", position: { x: 10.4, y: 20.6 }, data: { config: { segments: ["s"] }, label: "Start here" } },
        { id: "b", type: "condition", position: { x: 0, y: 100 }, data: { config: { rule: { all: [] } }, ui: { color: "red" }, extra: { note: 1 } } },
        { id: "c", type: "end", position: { x: 0, y: 200 }, data: {} },
      ],
      edges: [
        { id: "x1", source: "a", target: "b", sourceHandle: null, data: { journeyId: "keep-me" } },
        { id: "x2", source: "b", target: "c", sourceHandle: "no", data: {} },
      ],
      extra: { meta: { v: 1 } },
    });
    expect(graph).toEqual({
      meta: { v: 1 },
      format: "journey/v1",
      nodes: [
        { id: "a", type: "entry", label: "Start here", config: { segments: ["s"] }, ui: { x: 10, y: 21 } },
        { note: 1, id: "b", type: "condition", config: { rule: { all: [] } }, ui: { color: "red", x: 0, y: 100 } },
        { id: "c", type: "end", ui: { x: 0, y: 200 } },
      ],
      edges: [
        { id: "keep-me", source: "a", target: "b" },
        { source: "b", target: "c", branch: "no" },
      ],
    });
  });

  it("survives a second round trip unchanged (flow → journey → flow → journey)", () => {
    const once = flowToJourney(journeyToFlow(renewal));
    const twice = flowToJourney(journeyToFlow(once));
    expect(twice).toEqual(once);
  });

  it("accepts an empty or partial draft", () => {
    expect(journeyToFlow({}).nodes).toEqual([]);
    expect(flowToJourney(journeyToFlow({ nodes: [], edges: [] }))).toEqual({ format: "journey/v1", nodes: [], edges: [] });
  });
});
