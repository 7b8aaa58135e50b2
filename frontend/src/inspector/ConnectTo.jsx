// "Connect to…": a line from the selected step to another step already on the canvas, without
// a mouse. What is offered and what is refused (with its reason) come from the canvas's own
// connection rules (graph/connections.js), the ones drag-connect uses.
import { useId, useState } from "react";
import { editorStore, useEditor } from "../store/editorStore.js";
import { connectionTargets, freeOutputs } from "../graph/connections.js";
import { branchCaption, sourceHandlesFor } from "../graph/handles.js";
import { stepName } from "../graph/nodeKinds.js";
import { Field } from "./fields.jsx";

const optionName = (n) => `${stepName(n)} (${n.id})`;

export default function ConnectTo({ node }) {
  const nodes = useEditor((s) => s.nodes);
  const edges = useEditor((s) => s.edges);
  const [branch, setBranch] = useState(undefined);   // the output chosen; undefined: the first free one
  const [target, setTarget] = useState("");
  const [message, setMessage] = useState(null);
  const outputField = useId();
  const targetField = useId();
  const outputs = sourceHandlesFor(node.type, node.data?.config);
  if (!outputs.length) return null;
  const free = freeOutputs(node, edges);
  const handle = free.includes(branch) ? branch : free[0];
  const labelled = outputs.some((h) => h !== null);
  const targets = handle === undefined ? [] : connectionTargets(node.id, handle, nodes, edges);
  const chosen = targets.find((t) => t.ok && t.node.id === target) ? target : "";

  function connect() {
    const to = nodes.find((n) => n.id === chosen);
    if (!to) return;
    const verdict = editorStore.getState().connect({ source: node.id, target: to.id, sourceHandle: handle, targetHandle: null });
    const from = labelled ? `“${branchCaption(node.type, handle, node.data?.config)}”` : "This step";
    setMessage(verdict.ok ? `${from} now leads to ${optionName(to)}.` : verdict.reason);
    setTarget("");
    setBranch(undefined);
  }

  return (
    <section className="connect-to" aria-label="Connect to another step">
      <h3>Connect to another step</h3>
      {free.length === 0 ? (
        <p className="muted small">
          {labelled ? "Every output of this step" : "This step"} already leads somewhere. To change where, click its line on the canvas
          and delete it (the × on the line, or the Delete key){labelled ? "." : "; or add a step from the palette to put it in between."}
        </p>
      ) : (
        <>
          {labelled && (
            <Field label="From output" id={outputField}>
              <select id={outputField} value={handle} onChange={(e) => { setBranch(e.target.value); setTarget(""); }}>
                {free.map((h) => <option key={h} value={h}>{branchCaption(node.type, h, node.data?.config)}</option>)}
              </select>
            </Field>
          )}
          <Field label="Connect to" id={targetField}>
            <select id={targetField} value={chosen} onChange={(e) => setTarget(e.target.value)}>
              <option value="">Choose a step…</option>
              {targets.filter((t) => t.ok).map((t) => <option key={t.node.id} value={t.node.id}>{optionName(t.node)}</option>)}
              {targets.some((t) => !t.ok) && (
                <optgroup label="Not possible">
                  {targets.filter((t) => !t.ok).map((t) => (
                    <option key={t.node.id} value={t.node.id} disabled>{optionName(t.node)}: {t.reason}</option>
                  ))}
                </optgroup>
              )}
            </select>
          </Field>
          <button type="button" className="small" disabled={!chosen} onClick={connect}>Connect</button>
        </>
      )}
      <p className="muted small" role="status">{message}</p>
    </section>
  );
}
