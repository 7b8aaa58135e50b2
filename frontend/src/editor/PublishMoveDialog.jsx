// Publishing a live journey and moving its active accounts onto the new version: how many sit
// on each step of the versions they walk, where each step goes on the new version (same-id
// steps are mapped already; the rest are chosen from a list or by clicking a step on the
// canvas), a preview from the server, then the publish itself. Not modal: the canvas behind it
// stays clickable for picking.
import { useCallback, useEffect, useMemo, useState } from "react";
import { listVersions, previewPublish } from "../api/journeys.js";
import { useEditor } from "../store/editorStore.js";
import { kindLabel } from "../graph/nodeKinds.js";
import { pickStore, usePick } from "./pickStore.js";
import {
  arrivalWords, initialChoices, mapFor, mappingRows, previewWords, recountable, targetNodes, unmappedRows,
} from "./migrationMap.js";

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const nodeName = (node) => (node ? node.label || kindLabel(node.type, node.config) : "");

/** Why "Publish and move" is off, in words shown under it; null when it is on. */
export function moveOffReason({ rows, missing, preview, key }) {
  if (!rows) return "Counting the accounts first…";
  if (missing.length) return "Choose a step for every row, then press Preview.";
  if (!preview) return "Press Preview first: it shows who moves where before anything changes.";
  if (preview.key !== key) return "Where accounts go changed since the preview: press Preview again.";
  if (!preview.result.can_publish) return "The preview found something to fix first (see above).";
  return null;
}

export default function PublishMoveDialog({ journeyId, nextVersion, onPublish, onClose }) {
  const flowNodes = useEditor((s) => s.nodes);
  const targets = useMemo(() => targetNodes({ nodes: flowNodes.map((n) => ({
    id: n.id, type: n.type, label: n.data?.label, config: n.data?.config })) }), [flowNodes]);
  const byId = useMemo(() => Object.fromEntries(targets.map((n) => [n.id, n])), [targets]);
  const [rows, setRows] = useState(null);
  const [oldNodes, setOldNodes] = useState({}); // "version:nodeId" -> node of that version
  const [choices, setChoices] = useState({});
  const [note, setNote] = useState("");
  const [waits, setWaits] = useState("keep"); // accounts asleep on a wait whose length changed
  const [preview, setPreview] = useState(null); // {key, result}
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const picking = usePick((s) => s.picking);

  useEffect(() => {
    let alive = true;
    Promise.all([previewPublish(journeyId, { migrate: { mode: "move", map: {} } }), listVersions(journeyId)])
      .then(([first, versions]) => {
        if (!alive) return;
        const found = mappingRows(first.nodes);
        const nodes = {};
        for (const v of versions) for (const n of v.graph?.nodes || []) nodes[`${v.version}:${n.id}`] = n;
        setOldNodes(nodes);
        setRows(found);
        setChoices(initialChoices(found));
      })
      .catch((e) => alive && setError(e.message));
    return () => { alive = false; pickStore.getState().stop(); };
  }, [journeyId]);

  const choose = useCallback((from, to) => {
    if (to && !byId[to]) {
      setError("That step cannot take accounts (the goal and exit settings are not steps). Pick another.");
      return;
    }
    setError(null);
    setChoices((c) => ({ ...c, [from]: to }));
  }, [byId]);

  const map = mapFor(choices);
  const migrate = { mode: "move", map, waits };
  // What the preview judged: where accounts go and how waits count. The note is not part of it:
  // writing one after the preview keeps "Publish and move" on.
  const key = JSON.stringify([map, waits]);
  const ready = preview && preview.key === key && preview.result.can_publish;
  const missing = rows ? unmappedRows(rows, choices) : [];
  const total = (rows || []).reduce((s, r) => s + r.count, 0);

  async function runPreview() {
    setBusy(true);
    setError(null);
    try {
      const result = await previewPublish(journeyId, { note, migrate });
      setPreview({ key, result });
    } catch (e) {
      setError(e.message);
    } finally {
      setBusy(false);
    }
  }

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await onPublish({ note: note.trim() || undefined, migrate });
    } catch (e) {
      const details = Array.isArray(e.details) ? e.details.map((p) => p.message).filter(Boolean) : [];
      setError([e.message, ...details].join(" "));
      setPreview(null);
    } finally {
      setBusy(false);
    }
  }

  const offReason = busy ? null : moveOffReason({ rows, missing, preview, key });
  const oldNode = (row) => oldNodes[`${row.versions[0]}:${row.nodeId}`];
  const resized = (rows || []).filter((row) => !row.fixed && recountable(oldNode(row), byId[choices[row.nodeId]]));
  const resizedCount = resized.reduce((s, r) => s + r.count, 0);
  return (
    <aside className="move-dialog" role="dialog" aria-modal="false" aria-label={`Move accounts to version ${nextVersion}`}>
      <header>
        <h2>Publish version {nextVersion} and move active accounts</h2>
        <button type="button" className="small" onClick={onClose} aria-label="Close">✕</button>
      </header>
      {!rows && !error && <p className="muted">Counting the accounts on each step…</p>}
      {rows && rows.length === 0 && <p className="muted">No account is active in this journey: nobody needs to move.</p>}
      {rows && rows.length > 0 && (
        <>
          <p className="small">
            {plural(total, "active account")} {total === 1 ? "walks" : "walk"} this journey now. Each step they are on
            goes to a step of version {nextVersion}: steps with the same id are matched already; choose the rest from the
            list, or press “Pick on canvas” and click the step.
          </p>
          <table className="data move-map" aria-label="Where accounts go">
            <thead><tr><th>Now on</th><th>Accounts</th><th>Goes to (version {nextVersion})</th></tr></thead>
            <tbody>
              {rows.map((row) => (
                <tr key={String(row.nodeId)} data-testid={`move-row-${row.nodeId ?? "not-started"}`}
                  className={!row.fixed && !choices[row.nodeId] ? "unmapped" : ""}>
                  <td>
                    {row.fixed ? <em>Not started yet</em> : <strong>{row.label || nodeName(oldNode(row)) || row.nodeId}</strong>}
                    {!row.fixed && <span className="muted small"> {row.nodeId}</span>}
                    <div className="muted small">version {row.versions.join(", ")}</div>
                  </td>
                  <td className="num">{row.count}</td>
                  <td>
                    {row.fixed ? <span>starts at the entry</span> : (
                      <>
                        <select aria-label={`Move ${row.label || row.nodeId} to`} value={choices[row.nodeId] || ""}
                          onChange={(e) => choose(row.nodeId, e.target.value)}>
                          <option value="">— choose a step —</option>
                          {targets.map((n) => <option key={n.id} value={n.id}>{nodeName(n)} ({n.id})</option>)}
                        </select>
                        <button type="button" className={`small${picking?.nodeId === row.nodeId ? " primary" : ""}`}
                          onClick={() => pickStore.getState().start({ nodeId: row.nodeId, label: row.label || row.nodeId }, choose)}>
                          Pick on canvas
                        </button>
                        {choices[row.nodeId] && (
                          <div className="muted small" data-testid="arrival">
                            {choices[row.nodeId] === row.auto ? "same step · " : ""}{arrivalWords(row, oldNode(row), byId[choices[row.nodeId]], waits)}
                          </div>
                        )}
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {picking && (
            <p className="banner info" role="status">
              Click the step of version {nextVersion} where the accounts on “{picking.label}” should go.{" "}
              <button type="button" className="small" onClick={() => pickStore.getState().stop()}>Stop picking</button>
            </p>
          )}
        </>
      )}
      {resized.length > 0 && (
        <fieldset className="field" data-testid="move-waits">
          <legend>
            {plural(resizedCount, "account")} {resizedCount === 1 ? "is" : "are"} asleep on a wait whose length
            changed ({resized.map((r) => r.label || nodeName(oldNode(r)) || r.nodeId).join(", ")}):
          </legend>
          <label className="choice">
            <input type="radio" name="move-waits" value="keep" checked={waits === "keep"} onChange={() => setWaits("keep")} />
            {" "}Wake when they would have (the old length)
          </label>
          <label className="choice">
            <input type="radio" name="move-waits" value="recount" checked={waits === "recount"} onChange={() => setWaits("recount")} />
            {" "}Count the new length from when they began waiting — a shorter wait lets go at once those that have waited that long
          </label>
        </fieldset>
      )}
      <label className="field">
        <span>Note for the version history (optional)</span>
        <textarea rows={2} value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)}
          onKeyDown={(e) => { // Enter publishes (once previewed); Shift+Enter is a new line
            if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) { e.preventDefault(); if (ready && !busy) confirm(); }
          }}
          placeholder="Why this change? e.g. “Fix the renewal email”" />
      </label>
      {error && <p className="banner error" role="alert">{error}</p>}
      {missing.length > 0 && <p className="small warning">Choose a step for {missing.map((r) => r.label || r.nodeId).join(", ")}.</p>}
      {preview?.key === key && (
        <div className="move-preview" data-testid="move-preview" aria-live="polite">
          <p>{previewWords(preview.result)}</p>
          <ul>
            {mappingRows(preview.result.nodes).filter((r) => r.count).map((r) => {
              const to = r.fixed ? r.to : (preview.result.nodes.find((g) => g.node_id === r.nodeId) || {}).to;
              return (
                <li key={String(r.nodeId)}>
                  {plural(r.count, "account")}: {r.fixed ? "not started yet" : (r.label || r.nodeId)} → {to ? nodeName(byId[to]) || to : "nowhere"}
                </li>
              );
            })}
          </ul>
        </div>
      )}
      <footer>
        <button type="button" onClick={runPreview} disabled={busy || !rows || missing.length > 0}>Preview</button>
        <button type="button" className="primary" onClick={confirm} disabled={busy || !ready}
          aria-describedby={offReason ? "move-off-reason" : undefined}>
          {preview?.result?.moving ? `Publish and move ${plural(preview.result.moving, "account")}` : "Publish and move"}
        </button>
        <button type="button" onClick={onClose}>Cancel</button>
      </footer>
      {offReason && <p id="move-off-reason" className="small muted" data-testid="move-off-reason">{offReason}</p>}
    </aside>
  );
}
