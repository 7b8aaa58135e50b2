// Edges: smooth-step line; red when validation names it, bold on a simulated path, and a
// percentage label from live stats on branching nodes. A selected line that may be changed
// carries a × to delete it (the Delete key does the same), so a mouse user need not know the key.
import { memo } from "react";
import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath } from "@xyflow/react";
import { editorStore, useEditor } from "../store/editorStore.js";
import { branchPercent, problemMatchesEdge, walkedPairs } from "./overlay.js";
import { useCanvasReadOnly } from "./canvasContext.js";

function JourneyEdge(props) {
  const { id, source, target, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected, markerEnd } = props;
  const edge = { source, target, sourceHandle: props.sourceHandleId ?? null, data: props.data };
  const problem = useEditor((s) => s.problems.find((p) => problemMatchesEdge(p.edge, edge)));
  const overlay = useEditor((s) => s.overlay);
  const readOnly = useCanvasReadOnly();
  const [path, labelX, labelY] = getSmoothStepPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, borderRadius: 8 });
  const walked = overlay?.kind === "path" && walkedPairs(overlay).has(`${source}→${target}`);
  const pct = overlay?.kind === "live" ? branchPercent(overlay.stats, source, edge.sourceHandle) : null;
  const deletable = selected && !readOnly;
  let stroke = "#94a3b8";
  if (walked) stroke = "#16a34a";
  if (selected) stroke = "#2563eb";
  if (problem) stroke = "#dc2626";
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} style={{ stroke, strokeWidth: walked || selected || problem ? 3 : 2 }} />
      {(pct !== null || problem || deletable) && (
        <EdgeLabelRenderer>
          <div className="edge-labels nodrag nopan" style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}>
            {(pct !== null || problem) && (
              <span className={problem ? "edge-label bad" : "edge-label"} title={problem?.message}>{problem ? "⚠" : `${pct}%`}</span>
            )}
            {deletable && (
              <button type="button" className="edge-delete" data-testid={`delete-edge-${id}`}
                aria-label="Delete this connection" title="Delete this connection (or press the Delete key)"
                onClick={(e) => { e.stopPropagation(); editorStore.getState().deleteEdge(id); }}>×</button>
            )}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export default memo(JourneyEdge);
