// split: named paths with weights. Renaming a path carries its connection along.
import { useState } from "react";
import { editorStore } from "../../store/editorStore.js";
import { NumberInput } from "../fields.jsx";

function nextKey(weights) {
  for (const c of "abcdefghijklmnopqrstuvwxyz") if (!(c in weights)) return c;
  return `path${Object.keys(weights).length + 1}`;
}

function BranchName({ nodeId, name }) {
  const [text, setText] = useState(name);
  const [error, setError] = useState(null);
  const commit = () => {
    const clean = text.trim();
    if (clean === name) return setError(null);
    if (!/^[A-Za-z0-9_-]+$/.test(clean)) return setError("Use letters, digits, - or _.");
    if (!editorStore.getState().renameBranch(nodeId, name, clean)) return setError("That name is taken.");
    return setError(null);
  };
  return (
    <span className="field-col">
      <input aria-label={`Path ${name}: name`} value={text} onChange={(e) => setText(e.target.value)} onBlur={commit}
        onKeyDown={(e) => e.key === "Enter" && commit()} />
      {error && <span className="error small" role="alert">{error}</span>}
    </span>
  );
}

export default function SplitForm({ nodeId, config, onChange }) {
  const weights = config.weights || {};
  const total = Object.values(weights).reduce((s, w) => s + Number(w || 0), 0);
  return (
    <fieldset>
      <legend>Paths and their share of accounts</legend>
      <table className="split-table">
        {/* what each column is: a name field and a number field side by side said nothing */}
        <thead>
          <tr><th scope="col">Path</th><th scope="col">Weight</th><th scope="col">Share</th><th><span className="visually-hidden">Remove</span></th></tr>
        </thead>
        <tbody>
          {Object.entries(weights).map(([k, w]) => (
            <tr key={k}>
              <td><BranchName nodeId={nodeId} name={k} /></td>
              <td><NumberInput label={`Path ${k}: weight`} min={0} value={w} className="short"
                onChange={(v) => onChange({ ...config, weights: { ...weights, [k]: v ?? 0 } }, `w:${k}`)} /></td>
              <td>{total ? Math.round((Number(w || 0) * 100) / total) : 0}%</td>
              <td><button type="button" className="small danger" aria-label={`Remove path ${k}`} disabled={Object.keys(weights).length <= 1}
                onClick={() => { const { [k]: _gone, ...rest } = weights; onChange({ ...config, weights: rest }); }}>Remove</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="small" onClick={() => onChange({ ...config, weights: { ...weights, [nextKey(weights)]: 0 } })}>+ Path</button>
    </fieldset>
  );
}
