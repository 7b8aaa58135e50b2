// nodeTypes / edgeTypes for React Flow, defined once at module level.
import JourneyNode from "./JourneyNode.jsx";
import JourneyEdge from "./JourneyEdge.jsx";

export const nodeTypes = {
  entry: JourneyNode, action: JourneyNode, condition: JourneyNode, wait: JourneyNode,
  split: JourneyNode, end: JourneyNode, goal: JourneyNode, exit: JourneyNode,
};

export const edgeTypes = { journey: JourneyEdge };
