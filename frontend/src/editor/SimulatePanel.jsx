// Simulate: walk an account (picked by name, or a made-up sample) through N days without side
// effects, with changes on chosen days, then highlight the path on the canvas and tell each
// step in the timeline's words (see SimulationResult).
import { useState } from "react";
import { useReactFlow } from "@xyflow/react";
import { simulateJourney } from "../api/journeys.js";
import { editorStore, useEditor } from "../store/editorStore.js";
import { SAMPLE_ACCOUNT } from "../inspector/merge.js";
import { RadioGroup } from "../inspector/fields.jsx";
import { stepName } from "../graph/nodeKinds.js";
import AccountPicker from "./AccountPicker.jsx";
import SimulationChanges from "./SimulationChanges.jsx";
import SimulationResult from "./SimulationResult.jsx";
import { toChanges } from "./simulationChanges.js";

export default function SimulatePanel({ journeyId, version }) {
  const [mode, setMode] = useState("account");
  const [account, setAccount] = useState(null);
  const [rows, setRows] = useState([]);
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
    if (mode === "account" && !account) {
      setError("Choose an account to simulate first.");
      return;
    }
    setBusy(true);
    try {
      const body = { account: mode === "account" ? account.external_id : SAMPLE_ACCOUNT, days: Number(days), changes: toChanges(rows) };
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

  const show = (nodeId) => {
    editorStore.getState().select([nodeId]);
    fitView({ nodes: [{ id: nodeId }], duration: 300, maxZoom: 1.2 });
  };

  return (
    <section className="panel-section" aria-label="Simulate">
      <p className="muted small">
        {version ? `Walks published version ${version} day by day` : dirty ? "Walks the journey as it is on the canvas (unsaved changes included) day by day" : "Walks the saved draft day by day"}; nothing is sent, written or saved.
      </p>
      <form onSubmit={run}>
        <RadioGroup legend="Who walks it" value={mode} onChange={setMode}
          options={[{ value: "account", label: "One of your accounts" }, { value: "sample", label: `A made-up account (${SAMPLE_ACCOUNT.name})` }]} />
        {mode === "account" && <AccountPicker value={account} onChange={setAccount} />}
        <div className="field">
          <label htmlFor="sim-days">Days to simulate</label>
          <input id="sim-days" type="number" min={0} step={1} value={days} onChange={(e) => setDays(e.target.value)} className="short" />
        </div>
        <SimulationChanges rows={rows} onChange={setRows} />
        <div className="field-row">
          <button type="submit" className="primary" disabled={busy}>{busy ? "Simulating…" : "Run simulation"}</button>
          {result && <button type="button" onClick={clear}>Clear highlight</button>}
        </div>
      </form>
      {error && <p className="banner error" role="alert">{error}</p>}
      {result && <SimulationResult result={result} nameOf={nameOf} onShow={show} />}
    </section>
  );
}
