// Simulate: walk an account (by external id, or sample JSON) through N days without side effects,
// then highlight the path on the canvas with each decision's outcome and day.
import { useState } from "react";
import { useReactFlow } from "@xyflow/react";
import { simulateJourney } from "../api/journeys.js";
import { editorStore, useEditor } from "../store/editorStore.js";
import { SAMPLE_ACCOUNT } from "../inspector/merge.js";
import StepDetail from "../components/StepDetail.jsx";
import { RadioGroup } from "../inspector/fields.jsx";
import { stepName } from "../graph/nodeKinds.js";
import { enrollmentStatusLabel } from "../components/enrollmentStatus.js";

export default function SimulatePanel({ journeyId, version }) {
  const [mode, setMode] = useState("external_id");
  const [externalId, setExternalId] = useState("");
  const [json, setJson] = useState(JSON.stringify(SAMPLE_ACCOUNT, null, 2));
  const [changes, setChanges] = useState("[]");
  const [days, setDays] = useState(30);
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const nodes = useEditor((s) => s.nodes);
  const dirty = useEditor((s) => s.dirty);
  const { fitView } = useReactFlow();
  const nameOf = (id) => {
    const n = nodes.find((m) => m.id === id);
    return n ? stepName(n) : id;
  };

  async function run(e) {
    e.preventDefault();
    setError(null);
    let account;
    let changeList;
    try {
      account = mode === "external_id" ? externalId.trim() : JSON.parse(json);
      changeList = JSON.parse(changes || "[]");
    } catch (err) {
      setError(`The JSON is not valid: ${err.message}`);
      return;
    }
    setBusy(true);
    try {
      const body = { account, days: Number(days), changes: changeList };
      if (version) body.version = version;
      // Unsaved edits are simulated as they are on the canvas, without saving them.
      else if (editorStore.getState().dirty) body.graph = editorStore.getState().toGraph();
      const res = await simulateJourney(journeyId, body);
      setResult(res);
      editorStore.getState().setOverlay({ kind: "path", steps: res.steps || [], title: "Simulation" });
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  }

  function clear() {
    setResult(null);
    editorStore.getState().setOverlay(null);
  }

  return (
    <section className="panel-section" aria-label="Simulate">
      <p className="muted small">
        {version ? `Walks published version ${version} day by day` : dirty ? "Walks the journey as it is on the canvas (unsaved changes included) day by day" : "Walks the saved draft day by day"}; nothing is sent, written or saved.
      </p>
      <form onSubmit={run}>
        <RadioGroup legend="Account" value={mode} onChange={setMode}
          options={[{ value: "external_id", label: "An existing account" }, { value: "json", label: "A sample account (JSON)" }]} />
        {mode === "external_id" ? (
          <div className="field">
            <label htmlFor="sim-account">Account external id</label>
            <input id="sim-account" value={externalId} onChange={(e) => setExternalId(e.target.value)} required />
          </div>
        ) : (
          <div className="field">
            <label htmlFor="sim-json">Account JSON</label>
            <textarea id="sim-json" className="code" rows={10} value={json} onChange={(e) => setJson(e.target.value)} />
          </div>
        )}
        <div className="field">
          <label htmlFor="sim-days">Days to simulate</label>
          <input id="sim-days" type="number" min={0} step={1} value={days} onChange={(e) => setDays(e.target.value)} className="short" />
        </div>
        <details>
          <summary>Changes during the simulation (advanced)</summary>
          <div className="field">
            <label htmlFor="sim-changes">Changes JSON, e.g. [{"{"}"at_day": 5, "set": {"{"}"custom": {"{"}"logins_30d": 9{"}}}"}]</label>
            <textarea id="sim-changes" className="code" rows={4} value={changes} onChange={(e) => setChanges(e.target.value)} />
          </div>
        </details>
        <div className="field-row">
          <button type="submit" className="primary" disabled={busy}>{busy ? "Simulating…" : "Run simulation"}</button>
          {result && <button type="button" onClick={clear}>Clear highlight</button>}
        </div>
      </form>
      {error && <p className="banner error" role="alert">{error}</p>}
      {result && (
        <div className="sim-result" data-testid="simulation-result">
          <p>
            Final status: <strong>{enrollmentStatusLabel(result.status)}</strong>
            {result.goal_achieved ? <span className="badge live">Goal achieved</span> : null}
          </p>
          <ol className="steps">
            {(result.steps || []).map((st, i) => (
              <li key={i}>
                <button type="button" className="link-button" onClick={() => { editorStore.getState().select([st.node_id]); fitView({ nodes: [{ id: st.node_id }], duration: 300, maxZoom: 1.2 }); }}>
                  Day {st.day}: {nameOf(st.node_id)}
                </button>
                {st.outcome && <> → <strong>{st.outcome}</strong></>}
                <StepDetail detail={st.detail} />
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}
