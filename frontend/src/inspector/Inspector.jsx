// Right panel: the settings of the selected step, or of the journey when nothing is selected.
import { editorStore, useEditor } from "../store/editorStore.js";
import { kindLabel, stepName } from "../graph/nodeKinds.js";
import { branchCaption } from "../graph/handles.js";
import { TextField } from "./fields.jsx";
import { nameProblem } from "../pages/journeyForm.js";
import RuleBuilder from "./RuleBuilder.jsx";
import EntryForm from "./forms/EntryForm.jsx";
import EmailFields from "./forms/EmailFields.jsx";
import TaskFields from "./forms/TaskFields.jsx";
import { AssignCsmFields, AssignPlaybookFields } from "./forms/AssignFields.jsx";
import AttributeFields from "./forms/AttributeFields.jsx";
import WaitForm from "./forms/WaitForm.jsx";
import SplitForm from "./forms/SplitForm.jsx";
import ExitForm from "./forms/ExitForm.jsx";
import WebhookFields from "./forms/WebhookFields.jsx";
import ConnectTo from "./ConnectTo.jsx";
import SendWindowFields from "./SendWindowFields.jsx";

const ACTION_FORMS = {
  send_email: EmailFields, create_task: TaskFields, assign_csm: AssignCsmFields, assign_playbook: AssignPlaybookFields,
  set_attribute: AttributeFields, copy_attribute: AttributeFields, clear_attribute: AttributeFields, increase_attribute: AttributeFields,
  webhook: WebhookFields,
};

function NodeForm({ node, meta }) {
  const config = node.data.config || {};
  const onChange = (next, key) => editorStore.getState().updateNode(node.id, { config: next }, key);
  switch (node.type) {
    case "entry":
      return <EntryForm config={config} onChange={onChange} />;
    case "action": {
      const Form = ACTION_FORMS[config.action];
      return Form ? <Form config={config} onChange={onChange} /> : <p className="error">Unknown action “{config.action}”.</p>;
    }
    case "condition":
      return (
        <>
          <RuleBuilder legend="Take the “Yes” path when" value={config.rule} onChange={(rule) => onChange({ ...config, rule }, "rule")} />
          <p className="muted small">Otherwise the account takes the “No” path. A path left unconnected ends the journey there.</p>
        </>
      );
    case "wait":
      return <WaitForm config={config} onChange={onChange} />;
    case "split":
      return <SplitForm nodeId={node.id} config={config} onChange={onChange} />;
    case "goal":
      return (
        <>
          <RuleBuilder legend="The goal is achieved when" value={config.rule} onChange={(rule) => onChange({ ...config, rule }, "rule")} />
          <p className="muted small">Checked at enrollment, before every step, and whenever the account's data changes.</p>
        </>
      );
    case "exit":
      return <ExitForm config={config} onChange={onChange} journeyKey={meta?.key} />;
    case "end":
      return <p className="muted">Accounts that reach this step complete the journey.</p>;
    default:
      return <p className="error">Unknown step type “{node.type}”.</p>;
  }
}

// A selected line: which steps it joins, and how to delete it (a × on the line, the Delete key).
function ConnectionPanel({ edge, nodes, readOnly }) {
  const from = nodes.find((n) => n.id === edge.source);
  const to = nodes.find((n) => n.id === edge.target);
  const path = edge.sourceHandle ? branchCaption(from?.type, edge.sourceHandle, from?.data?.config) : "";
  return (
    <aside className="inspector" aria-label="Inspector">
      <h2>Connection</h2>
      <p>
        From “{from ? stepName(from) : edge.source}”{path ? <> (its “{path}” path)</> : null} to “{to ? stepName(to) : edge.target}”.
      </p>
      {!readOnly && (
        <>
          <button type="button" className="danger small" onClick={() => editorStore.getState().deleteEdge(edge.id)}>Delete this connection</button>
          <p className="muted small">Or press the Delete key, or click the × on the line. Click an empty spot of the canvas for the journey settings.</p>
        </>
      )}
    </aside>
  );
}

export default function Inspector({ readOnly = false }) {
  const nodes = useEditor((s) => s.nodes);
  const meta = useEditor((s) => s.meta);
  const edges = useEditor((s) => s.edges);
  const selectedEdges = edges.filter((e) => e.selected);
  const selected = nodes.filter((n) => n.selected);

  if (selected.length > 1) {
    return (
      <aside className="inspector" aria-label="Inspector">
        <h2>{selected.length} steps selected</h2>
        <p className="muted">Copy them with Ctrl+C, paste with Ctrl+V, or delete them.</p>
        {!readOnly && <button type="button" className="danger" onClick={() => editorStore.getState().deleteSelected()}>Delete selected</button>}
      </aside>
    );
  }
  if (selected.length === 0 && selectedEdges.length === 1) {
    return <ConnectionPanel edge={selectedEdges[0]} nodes={nodes} readOnly={readOnly} />;
  }
  if (selected.length === 0) {
    return (
      <aside className="inspector" aria-label="Inspector">
        <h2>Journey settings</h2>
        <fieldset disabled={readOnly} className="plain">
          <TextField label="Journey name" value={meta?.name} onChange={(name) => editorStore.getState().setMeta({ name })}
            error={nameProblem(meta?.name) ?? undefined} />
          <TextField label="Description" multiline value={meta?.description} onChange={(description) => editorStore.getState().setMeta({ description })} />
          <SendWindowFields />
        </fieldset>
        <p className="muted small">Key: {meta?.key}. Select a step on the canvas to change its settings.</p>
      </aside>
    );
  }
  const node = selected[0];
  return (
    <aside className="inspector" aria-label="Inspector">
      <h2>{kindLabel(node.type, node.data.config)}</h2>
      <fieldset disabled={readOnly} className="plain" key={node.id}>
        <TextField label="Name on the canvas" value={node.data.label} placeholder={kindLabel(node.type, node.data.config)}
          onChange={(label) => editorStore.getState().updateNode(node.id, { label }, "label")} />
        <NodeForm node={node} meta={meta} />
      </fieldset>
      {!readOnly && <ConnectTo node={node} key={`connect:${node.id}`} />}
      <p className="muted small">Step id: {node.id}</p>
      {!readOnly && <button type="button" className="danger small" onClick={() => editorStore.getState().deleteSelected()}>Delete this step</button>}
    </aside>
  );
}
