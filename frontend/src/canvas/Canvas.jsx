// The React Flow canvas: drop from the palette, draw legal connections only, keyboard
// shortcuts (Delete, Ctrl+C/V/Z/Y), minimap, zoom controls.
import { useCallback, useEffect, useRef } from "react";
import { Background, Controls, MarkerType, MiniMap, ReactFlow, useNodesInitialized, useReactFlow } from "@xyflow/react";
import { FIT_VIEW, useFrameJourney } from "./viewport.js";
import "@xyflow/react/dist/style.css";
import { editorStore, useEditor } from "../store/editorStore.js";
import { checkConnection } from "../graph/connections.js";
import { nodeTypes, edgeTypes } from "./types.js";
import { CanvasReadOnly } from "./canvasContext.js";

const DEFAULT_EDGE = { type: "journey", markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 } };

export const KIND_MIME = "application/x-journey-kind";

function isTyping(target) {
  const tag = target?.tagName;
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target?.isContentEditable;
}

const minimapColor = (n) => ({ entry: "#2563eb", condition: "#f59e0b", wait: "#8b5cf6", split: "#ec4899",
  end: "#475569", goal: "#16a34a", exit: "#dc2626" }[n.type] || "#0ea5e9");

export default function Canvas({ readOnly = false, onNodeOpen, onNodeClick }) {
  const nodes = useEditor((s) => s.nodes);
  const edges = useEditor((s) => s.edges);
  const { screenToFlowPosition } = useReactFlow();
  const frame = useFrameJourney();
  const measured = useNodesInitialized();
  const framedLoad = useRef(null);
  const loadSeq = useEditor((s) => s.loadSeq);
  const hint = useEditor((s) => s.hint);
  const setHint = useCallback((text) => editorStore.getState().setHint(text), []);
  const wrapper = useRef(null);

  const isValidConnection = useCallback((conn) => {
    const s = editorStore.getState();
    return checkConnection(conn, s.nodes, s.edges).ok;
  }, []);

  const onConnect = useCallback((conn) => {
    const verdict = editorStore.getState().connect(conn);
    setHint(verdict.ok ? null : verdict.reason);
  }, []);

  const onConnectEnd = useCallback((_event, state) => {
    if (state?.toNode && !state.isValid && state.fromNode) {
      const s = editorStore.getState();
      const from = state.fromHandle?.type === "target"
        ? { source: state.toNode.id, target: state.fromNode.id, sourceHandle: state.toHandle?.id ?? null }
        : { source: state.fromNode.id, target: state.toNode.id, sourceHandle: state.fromHandle?.id ?? null };
      const verdict = checkConnection(from, s.nodes, s.edges);
      if (!verdict.ok) setHint(verdict.reason);
    }
  }, []);

  const onDragOver = useCallback((e) => {
    if (readOnly) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "move";
  }, [readOnly]);

  const onDrop = useCallback((e) => {
    e.preventDefault();
    if (readOnly) return;
    const kind = e.dataTransfer.getData(KIND_MIME);
    if (!kind) return;
    const pos = screenToFlowPosition({ x: e.clientX, y: e.clientY });
    const id = editorStore.getState().addNode(kind, { x: pos.x - 110, y: pos.y - 30 });
    setHint(id ? null : "A journey has only one of those.");
  }, [readOnly, screenToFlowPosition, setHint]);

  // Where the last click was: a click on the pane or a line leaves the focus on the page body,
  // and so does one on the side panel's text. Delete and Backspace act only after a click in the
  // canvas (or with the focus on one of its steps): Backspace pressed while reading the side panel
  // must not delete the selected step. Undo, redo, copy and paste work from the body as before.
  const clickedInCanvas = useRef(false);
  useEffect(() => {
    const onDown = (e) => { clickedInCanvas.current = !!wrapper.current?.contains(e.target); };
    document.addEventListener("pointerdown", onDown, true);
    return () => document.removeEventListener("pointerdown", onDown, true);
  }, []);

  useEffect(() => {
    const onKey = (e) => {
      if (isTyping(e.target) || readOnly) return;
      const focus = document.activeElement;
      const inCanvas = !!wrapper.current?.contains(focus);
      const onBody = !focus || focus === document.body;
      if (!inCanvas && !onBody) return;
      const s = editorStore.getState();
      const mod = e.ctrlKey || e.metaKey;
      if (e.key === "Delete" || e.key === "Backspace") {
        if (inCanvas || clickedInCanvas.current) { s.deleteSelected(); e.preventDefault(); }
      }
      else if (mod && e.key.toLowerCase() === "c") { s.copySelected(); }
      else if (mod && e.key.toLowerCase() === "v") { s.paste(); e.preventDefault(); }
      else if (mod && e.key.toLowerCase() === "z" && !e.shiftKey) { s.undo(); e.preventDefault(); }
      else if (mod && (e.key.toLowerCase() === "y" || (e.key.toLowerCase() === "z" && e.shiftKey))) { s.redo(); e.preventDefault(); }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [readOnly]);

  // Each journey loaded is framed once its steps have their sizes (not again as steps are added).
  useEffect(() => {
    if (!measured || framedLoad.current === loadSeq) return;
    framedLoad.current = loadSeq;
    frame();
  }, [loadSeq, measured, frame]);

  useEffect(() => {
    if (!hint) return undefined;
    // long enough to read: a sentence about where a step went takes longer than "no loops"
    const t = setTimeout(() => setHint(null), Math.max(4000, hint.length * 70));
    return () => clearTimeout(t);
  }, [hint, setHint]);

  return (
    <div className="canvas" ref={wrapper} onDragOver={onDragOver} onDrop={onDrop}>
      <CanvasReadOnly.Provider value={readOnly}>
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={(c) => editorStore.getState().onNodesChange(c)}
          onEdgesChange={(c) => editorStore.getState().onEdgesChange(c)}
          onConnect={onConnect}
          onConnectEnd={onConnectEnd}
          isValidConnection={isValidConnection}
          onNodeDragStart={() => editorStore.getState().beginDrag()}
          onNodeDoubleClick={(_e, n) => onNodeOpen?.(n.id)}
          onNodeClick={(_e, n) => onNodeClick?.(n.id)}
          nodesDraggable={!readOnly}
          nodesConnectable={!readOnly}
          deleteKeyCode={null}
          multiSelectionKeyCode={["Shift", "Meta", "Control"]}
          selectionKeyCode="Shift"
          defaultEdgeOptions={DEFAULT_EDGE}
          minZoom={0.2}
          maxZoom={2}
        >
          <Background gap={16} />
          {/* its fit button frames as the toolbar's Fit view does: from the Entry */}
          <Controls showInteractive={false} fitViewOptions={FIT_VIEW} onFitView={() => frame()} />
          <MiniMap pannable zoomable nodeColor={minimapColor} ariaLabel="Mini map of the journey" />
        </ReactFlow>
      </CanvasReadOnly.Provider>
      {hint && <div className="canvas-hint" role="status">{hint}</div>}
    </div>
  );
}
