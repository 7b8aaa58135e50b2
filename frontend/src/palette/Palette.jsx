// Left panel: node kinds to drag onto the canvas, or click / press Enter to add below the selection.
import { useReactFlow } from "@xyflow/react";
import { editorStore, useEditor } from "../store/editorStore.js";
import { NODE_KINDS } from "../graph/nodeKinds.js";
import { KIND_MIME } from "../canvas/Canvas.jsx";
import { placeNew } from "./placement.js";

const GROUPS = [
  ["Start", ["entry"]],
  ["Actions", ["send_email", "create_task", "assign_csm", "assign_playbook", "set_attribute", "copy_attribute", "clear_attribute", "increase_attribute", "webhook"]],
  ["Flow", ["condition", "wait", "split", "end"]],
  ["Goal & exit", ["goal", "exit"]],
];

export default function Palette({ disabled = false }) {
  const { screenToFlowPosition, setCenter, getZoom } = useReactFlow();
  const types = useEditor((s) => s.nodes.map((n) => n.type).join(","));
  const present = new Set(types.split(","));

  // Click or Enter: below the selected step, connected from its first free output, or between it
  // and the step it leads to; else mid-canvas. The canvas says where it went when that is not plain.
  function addByKeyboardOrClick(kind) {
    const el = document.querySelector(".canvas");
    const r = el ? el.getBoundingClientRect() : { left: 0, top: 0, width: 800, height: 600 };
    const mid = screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 });
    const s = editorStore.getState();
    const { position, link, insert, message } = placeNew(kind, s.nodes, s.edges, { x: mid.x - 110, y: mid.y - 40 });
    const id = s.addNode(kind, position, link, insert);
    if (id) setCenter(position.x + 110, position.y + 45, { zoom: getZoom(), duration: 200 });
    s.setHint(id ? message : "A journey has only one of those.");
    return id;
  }

  return (
    <aside className="palette" aria-label="Steps you can add">
      <p className="muted small">Drag a step onto the canvas. Or click it (or press Enter on it) to add it after the selected step, already connected: if that step already leads to another, the new one goes between them.</p>
      {GROUPS.map(([title, kinds]) => (
        <section key={title}>
          <h3>{title}</h3>
          <ul>
            {kinds.map((kind) => {
              const info = NODE_KINDS.find((k) => k.kind === kind);
              const taken = info.unique && present.has(info.type);
              const off = disabled || taken;
              return (
                <li key={kind}>
                  <button
                    type="button"
                    className={`palette-item palette-${info.type}`}
                    draggable={!off}
                    disabled={off}
                    title={taken ? `This journey already has one ${info.label.toLowerCase()}` : info.hint}
                    data-kind={kind}
                    onDragStart={(e) => {
                      e.dataTransfer.setData(KIND_MIME, kind);
                      e.dataTransfer.effectAllowed = "move";
                    }}
                    onClick={() => addByKeyboardOrClick(kind)}
                  >
                    {info.label}
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </aside>
  );
}
