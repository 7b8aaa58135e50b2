// The list of validation problems; clicking one selects (and shows) its step and opens the Step
// tab on its settings (a journey-wide one, e.g. the send window: the journey settings).
import { useReactFlow } from "@xyflow/react";
import { editorStore, useEditor } from "../store/editorStore.js";
import { stepName } from "../graph/nodeKinds.js";
import { plainProblem } from "../graph/problems.js";
import { useCatalog } from "../inspector/catalogContext.js";

export default function ProblemsPanel({ validation, onShow }) {
  const problems = useEditor((s) => s.problems);
  const edges = useEditor((s) => s.edges);
  const validating = useEditor((s) => s.validating);
  const nodes = useEditor((s) => s.nodes);
  const catalog = useCatalog();
  const { fitView } = useReactFlow();
  const nameOf = (id) => {
    const n = nodes.find((m) => m.id === id);
    return n ? stepName(n) : id;
  };

  function show(p) {
    const id = p.node_id ?? p.edge?.source;
    if (!id) { // the journey's own settings
      editorStore.getState().select([]);
      onShow?.();
      return;
    }
    if (!nodes.some((n) => n.id === id)) return;
    editorStore.getState().select([id]);
    fitView({ nodes: [{ id }], duration: 300, maxZoom: 1.2 });
    onShow?.();
  }

  return (
    <section aria-label="Problems" className="panel-section">
      {validation.error && <p className="banner error" role="alert">Could not check the journey: {validation.error}</p>}
      {validating && <p className="muted small">Checking…</p>}
      {!validating && !validation.error && problems.length === 0 && validation.valid && (
        <p className="ok-text">No problems: this journey can be published.</p>
      )}
      {problems.length > 0 && (
        <ul className="problems" data-testid="problems-list">
          {problems.map((p, i) => {
            const where = p.node_id ? nameOf(p.node_id) : p.edge ? `${nameOf(p.edge.source)} → ${nameOf(p.edge.target)}` : null;
            return (
              <li key={i}>
                <button type="button" className="problem-item" onClick={() => show(p)}>
                  <span className="problem-where">{where || "Journey"}</span>
                  <span>{plainProblem(p, catalog, nodes.find((n) => n.id === p.node_id),
                    { hasIncoming: edges.some((e) => e.target === p.node_id) })}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
