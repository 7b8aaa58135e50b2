// Validates the canvas graph with the server, debounced, whenever the graph changes: its steps,
// lines and journey settings (a send window with no days is a problem too), and again after each
// save, so the server's list always replaces what an earlier check or refused publish left.
import { useEffect, useRef, useState } from "react";
import { validateGraph } from "../api/journeys.js";
import { editorStore, useEditor } from "../store/editorStore.js";
import { graphKey } from "../store/history.js";
import { dropEchoes } from "../graph/problems.js";

export const VALIDATE_DELAY_MS = 600;

/** Returns {valid: bool|null (unknown), error: string|null}; problems go to the store. */
export function useValidation(enabled = true) {
  const nodes = useEditor((s) => s.nodes);
  const edges = useEditor((s) => s.edges);
  const extra = useEditor((s) => s.extra);
  const recheck = useEditor((s) => s.recheck);
  const [state, setState] = useState({ valid: null, error: null });
  const seq = useRef(0);
  const key = `${graphKey(nodes, edges, null, extra)}#${recheck}`;

  useEffect(() => {
    if (!enabled) return undefined;
    const mine = ++seq.current;
    editorStore.getState().setValidating(true);
    const timer = setTimeout(async () => {
      try {
        const res = await validateGraph(editorStore.getState().toGraph());
        if (mine !== seq.current) return;
        editorStore.getState().setProblems(dropEchoes(res.problems), false);
        setState({ valid: !!res.valid, error: null });
      } catch (e) {
        if (mine !== seq.current) return;
        if (e.status === 422 && Array.isArray(e.details)) {
          // A graph the server will not judge (graph_too_large): its problem is the size.
          editorStore.getState().setProblems(e.details, false);
          setState({ valid: false, error: null });
          return;
        }
        editorStore.getState().setValidating(false);
        setState({ valid: null, error: e.message });
      }
    }, VALIDATE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [key, enabled]);

  return state;
}
