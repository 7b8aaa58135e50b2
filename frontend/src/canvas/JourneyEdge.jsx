// Edges: smooth-step line; red when validation names it, bold on a simulated path, and a
// percentage label from live stats on branching nodes.
import { memo } from "react";
import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath } from "@xyflow/react";
import { useEditor } from "../store/editorStore.js";
import { branchPercent, problemMatchesEdge, walkedPairs } from "./overlay.js";

function JourneyEdge(props) {
  const { id, source, target, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected, markerEnd } = props;
  const edge = { source, target, sourceHandle: props.sourceHandleId ?? null, data: props.data };
  const problem = useEditor((s) => s.problems.find((p) => problemMatchesEdge(p.edge, edge)));
  const overlay = useEditor((s) => s.overlay);
  const [path, labelX, labelY] = getSmoothStepPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, borderRadius: 8 });
  const walked = overlay?.kind === "path" && walkedPairs(overlay).has(`${source}→${target}`);
  const pct = overlay?.kind === "live" ? branchPercent(overlay.stats, source, edge.sourceHandle) : null;
  let stroke = "#94a3b8";
  if (walked) stroke = "#16a34a";
  if (selected) stroke = "#2563eb";
  if (problem) stroke = "#dc2626";
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} style={{ stroke, strokeWidth: walked || selected || problem ? 3 : 2 }} />
      {(pct !== null || problem) && (
        <EdgeLabelRenderer>
          <div className={problem ? "edge-label bad" : "edge-label"} title={problem?.message}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}>
            {problem ? "⚠" : `${pct}%`}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export default memo(JourneyEdge);
