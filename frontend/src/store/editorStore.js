// The editor's one state store: the flow (nodes/edges), journey meta, undo/redo history,
// clipboard, dirty flag, validation problems and overlays (simulation path, live stats).
import { createStore } from "zustand/vanilla";
import { useStore } from "zustand";
import { applyEdgeChanges, applyNodeChanges } from "@xyflow/react";
import { journeyToFlow, flowToJourney, flowEdgeId } from "../graph/convert.js";
import { layoutPositions } from "../graph/layout.js";
import { checkConnection } from "../graph/connections.js";
import { branchCaption, sourceHandlesFor } from "../graph/handles.js";
import { kindInfo, UNIQUE_TYPES } from "../graph/nodeKinds.js";
import { COALESCE_MS, HISTORY_LIMIT, graphKey, restore, snapshotOf } from "./history.js";

const EMPTY = {
  meta: null, // {id, key, name, description, status, enabled, draft_version, published_version}
  nodes: [],
  edges: [],
  extra: undefined,
  past: [],
  future: [],
  clipboard: null,
  savedKey: graphKey([], [], null),
  savedGraph: null, // the draft graph as the server has it (from the load or the last save)
  dirty: false,
  problems: [],
  validating: false,
  recheck: 0, // bumps after every save: the validation runs again, the server's problems replace the old
  overlay: null, // {kind: "path", steps, title} | {kind: "live", stats}
  lastEdit: null, // {key, at} for coalescing typing into one undo step
  loadSeq: 0, // bumps on every load, so the canvas can fit the new graph into view
  hint: null, // a short message over the canvas (why a line was refused, where a step went)
};

/** A fresh node id for a kind that is not used yet in `nodes` (e.g. "send_email_2"). */
export function freshId(kind, nodes) {
  const used = new Set(nodes.map((n) => n.id));
  let i = 1;
  while (used.has(`${kind}_${i}`)) i += 1;
  return `${kind}_${i}`;
}

function dropDanglingEdges(edges, nodes) {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  return edges.filter((e) => {
    const src = byId.get(e.source);
    if (!src || !byId.has(e.target)) return false;
    return sourceHandlesFor(src.type, src.data?.config).includes(e.sourceHandle ?? null);
  });
}

/**
 * A wait that changes kind keeps where it led: the line from its one output ("for a while",
 * "until a date") moves to the "Rule met"/"Happened" path of a wait for conditions or an event,
 * and that path's line moves back to the one output. Returns the edges, and the captions of the
 * paths whose lines still had to go (a "Timed out" one when the wait gets a single output).
 */
export function carryOutputs(edges, before, after) {
  if (!before || before.type !== "wait") return { edges, lost: [] };
  const was = sourceHandlesFor(before.type, before.data?.config);
  const now = sourceHandlesFor(after.type, after.data?.config);
  const move = new Map();
  if (was.length === 1 && was[0] === null && now.includes("met")) move.set(null, "met");
  if (now.length === 1 && now[0] === null && was.includes("met")) move.set("met", null);
  const moved = edges.map((e) => {
    const from = e.sourceHandle ?? null;
    if (e.source !== before.id || !move.has(from)) return e;
    const to = move.get(from);
    return { ...e, id: flowEdgeId(e.source, to, e.target), sourceHandle: to };
  });
  const lost = moved.filter((e) => e.source === before.id && !now.includes(e.sourceHandle ?? null))
    .map((e) => branchCaption(before.type, e.sourceHandle, before.data?.config) || "next");
  return { edges: moved, lost };
}

/** Creates an editor store (the app uses the singleton below; tests make their own). */
export function createEditorStore(now = () => Date.now()) {
  return createStore((set, get) => {
    // Push the current flow on the undo stack before a change. With coalesceKey, a change
    // with the same key within COALESCE_MS of the last one joins the previous undo step.
    const remember = (coalesceKey) => {
      const s = get();
      const t = now();
      if (coalesceKey && s.lastEdit && s.lastEdit.key === coalesceKey && t - s.lastEdit.at < COALESCE_MS) {
        set({ lastEdit: { key: coalesceKey, at: t } });
        return;
      }
      set({
        past: [...s.past, snapshotOf(s)].slice(-HISTORY_LIMIT),
        future: [],
        lastEdit: coalesceKey ? { key: coalesceKey, at: t } : null,
      });
    };
    // Set flow fields and recompute the dirty flag against the last saved graph.
    const commit = (patch) => {
      const s = { ...get(), ...patch };
      set({ ...patch, dirty: graphKey(s.nodes, s.edges, s.meta, s.extra) !== s.savedKey });
    };

    return {
      ...EMPTY,

      /** Loads a journey from the API ({id, name, ..., graph}); clears history and overlays. */
      load(journey) {
        const { graph, ...meta } = journey;
        const flow = journeyToFlow(graph || {});
        set({ ...EMPTY, recheck: get().recheck + 1, meta, nodes: flow.nodes, edges: flow.edges, extra: flow.extra, savedGraph: graph ?? null,
          savedKey: graphKey(flow.nodes, flow.edges, meta, flow.extra), loadSeq: get().loadSeq + 1 });
      },

      /** The journey/v1 graph of the current canvas. */
      toGraph() {
        const s = get();
        return flowToJourney({ nodes: s.nodes, edges: s.edges, extra: s.extra });
      },

      /**
       * After a successful save: new draft_version (and any meta fields the server echoed), and
       * `savedGraph`, the graph the server now holds as the draft, when the draft was written.
       */
      markSaved(metaPatch, savedGraph) {
        const s = get();
        const meta = { ...s.meta, ...metaPatch };
        const savedKey = graphKey(s.nodes, s.edges, meta, s.extra);
        set({ meta, savedKey, dirty: false, recheck: s.recheck + 1, ...(savedGraph !== undefined && { savedGraph }) });
      },

      /** Changes the journey's name/description, undoable; typing in one field is one undo step. */
      setMeta(patch) {
        remember(`meta:${Object.keys(patch).sort().join(",")}`);
        commit({ meta: { ...get().meta, ...patch } });
      },

      /** Sets (or with null removes) one of the graph's `settings` (e.g. send_window), undoable. */
      setGraphSetting(name, value, coalesceKey) {
        remember(coalesceKey);
        const { settings = {}, ...rest } = get().extra || {};
        const next = { ...settings };
        if (value === null || value === undefined) delete next[name];
        else next[name] = value;
        const extra = { ...rest, ...(Object.keys(next).length && { settings: next }) };
        commit({ extra: Object.keys(extra).length ? extra : undefined });
      },

      /** React Flow node changes (select, drag, measure). Removal goes through deleteSelected. */
      onNodesChange(changes) {
        const kept = changes.filter((c) => c.type !== "remove");
        if (!kept.length) return;
        const nodes = applyNodeChanges(kept, get().nodes);
        if (kept.some((c) => c.type === "position")) commit({ nodes });
        else set({ nodes });
      },

      onEdgesChange(changes) {
        const kept = changes.filter((c) => c.type !== "remove");
        if (kept.length) set({ edges: applyEdgeChanges(kept, get().edges) });
      },

      /** Call when a node drag starts, so the whole drag is one undo step. */
      beginDrag() {
        remember();
      },

      /** Adds an edge if the connection rules allow it; returns {ok, reason}. */
      connect(conn) {
        const s = get();
        const verdict = checkConnection(conn, s.nodes, s.edges);
        if (!verdict.ok) return verdict;
        remember();
        const handle = conn.sourceHandle ?? null;
        const edge = { id: flowEdgeId(conn.source, handle, conn.target), source: conn.source,
          target: conn.target, sourceHandle: handle, type: "journey", data: {} };
        commit({ edges: [...s.edges, edge] });
        return verdict;
      },

      /**
       * Adds a node of a palette kind at a flow position, selected; returns its id, or null if
       * not allowed. `link` ({source, sourceHandle}) also connects it from that output when the
       * connection is legal, in the same undo step. With `insert` ({target, sourceHandle, moves},
       * from palette/placement.js) the new node goes between `link`'s output and `target`: that
       * line is replaced by link → new node → target (from the new node's output
       * `sourceHandle`), and the nodes in `moves` ({id: position}) move, all one undo step.
       */
      addNode(kind, position, link = null, insert = null) {
        const info = kindInfo(kind);
        const s = get();
        if (!info) return null;
        if (info.unique && s.nodes.some((n) => n.type === info.type)) return null;
        remember();
        const id = freshId(kind, s.nodes);
        const data = {};
        const config = info.config();
        if (config !== undefined) data.config = config;
        const node = { id, type: info.type, position: { x: Math.round(position.x), y: Math.round(position.y) }, data, selected: true };
        const moves = insert?.moves || {};
        const nodes = [...s.nodes.map((n) => {
          const moved = moves[n.id] ? { ...n, position: { x: Math.round(moves[n.id].x), y: Math.round(moves[n.id].y) } } : n;
          return moved.selected ? { ...moved, selected: false } : moved;
        }), node];
        const edgeOf = (source, handle, target) => ({ id: flowEdgeId(source, handle, target), source, target,
          sourceHandle: handle, type: "journey", data: {} });
        let edges = s.edges;
        const from = link && { source: link.source, sourceHandle: link.sourceHandle ?? null };
        if (from && insert) {
          // the line the new node replaces: from the same output to the step it led to
          edges = edges.filter((e) => !(e.source === from.source && (e.sourceHandle ?? null) === from.sourceHandle && e.target === insert.target));
        }
        if (from && checkConnection({ ...from, target: id, targetHandle: null }, nodes, edges).ok) {
          edges = [...edges, edgeOf(from.source, from.sourceHandle, id)];
          const out = insert?.sourceHandle ?? null;
          if (insert && checkConnection({ source: id, sourceHandle: out, target: insert.target, targetHandle: null }, nodes, edges).ok) {
            edges = [...edges, edgeOf(id, out, insert.target)];
          }
        } else {
          edges = s.edges; // nothing connects: the old line stays as it was
        }
        commit({ nodes, edges });
        return id;
      },

      /** Shows `text` over the canvas for a few seconds (null clears it). */
      setHint(text) {
        set({ hint: text || null });
      },

      /**
       * Changes a node's config and/or label. Edits with the same coalesceKey in quick
       * succession (typing) form one undo step. Edges from outputs the node no longer has
       * are removed.
       */
      updateNode(id, { config, label }, coalesceKey) {
        remember(coalesceKey ? `${id}:${coalesceKey}` : undefined);
        const before = get().nodes.find((n) => n.id === id);
        const nodes = get().nodes.map((n) => {
          if (n.id !== id) return n;
          const data = { ...n.data };
          if (config !== undefined) data.config = config;
          if (label !== undefined) data.label = label;
          return { ...n, data };
        });
        const after = nodes.find((n) => n.id === id);
        const { edges, lost } = carryOutputs(get().edges, before, after);
        commit({ nodes, edges: dropDanglingEdges(edges, nodes) });
        if (lost.length) {
          const paths = lost.map((c) => `“${c}”`).join(" and ");
          set({ hint: `This wait has no ${paths} path any more: its line was removed (Undo brings it back).` });
        }
      },

      /** Renames a split branch, carrying its edge along; returns false on a clash. */
      renameBranch(id, from, to) {
        const node = get().nodes.find((n) => n.id === id);
        const weights = node?.data?.config?.weights || {};
        if (!to || from === to || !(from in weights) || to in weights) return false;
        remember();
        const renamed = Object.fromEntries(Object.entries(weights).map(([k, v]) => [k === from ? to : k, v]));
        const nodes = get().nodes.map((n) => (n.id === id ? { ...n, data: { ...n.data, config: { ...n.data.config, weights: renamed } } } : n));
        const edges = get().edges.map((e) => (e.source === id && e.sourceHandle === from
          ? { ...e, id: flowEdgeId(id, to, e.target), sourceHandle: to } : e));
        commit({ nodes, edges });
        return true;
      },

      /** Selects exactly the given node ids (and no edges). */
      select(ids) {
        const want = new Set(ids);
        set({
          nodes: get().nodes.map((n) => (!!n.selected === want.has(n.id) ? n : { ...n, selected: want.has(n.id) })),
          edges: get().edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
        });
      },

      /** Deletes the selected nodes (with their edges) and selected edges, as one undo step. */
      deleteSelected() {
        const s = get();
        const gone = new Set(s.nodes.filter((n) => n.selected).map((n) => n.id));
        const edges = s.edges.filter((e) => !e.selected && !gone.has(e.source) && !gone.has(e.target));
        if (!gone.size && edges.length === s.edges.length) return;
        remember();
        commit({ nodes: s.nodes.filter((n) => !gone.has(n.id)), edges });
      },

      /** Deletes one edge (the × on a selected line), as one undo step. */
      deleteEdge(id) {
        const s = get();
        if (!s.edges.some((e) => e.id === id)) return;
        remember();
        commit({ edges: s.edges.filter((e) => e.id !== id) });
      },

      /** Copies the selected nodes and the edges between them. Returns how many nodes. */
      copySelected() {
        const s = get();
        const nodes = s.nodes.filter((n) => n.selected);
        if (!nodes.length) return 0;
        const ids = new Set(nodes.map((n) => n.id));
        const snap = snapshotOf({ nodes, edges: s.edges.filter((e) => ids.has(e.source) && ids.has(e.target)) });
        set({ clipboard: structuredClone(snap) });
        return nodes.length;
      },

      /**
       * Pastes the clipboard with fresh ids, shifted by `offset`, and selects the copies.
       * Entry/goal/exit are skipped when the graph already has one. Returns the new ids.
       */
      paste(offset = { x: 40, y: 40 }) {
        const s = get();
        if (!s.clipboard) return [];
        let nodes = s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n));
        const idMap = new Map();
        const added = [];
        for (const n of s.clipboard.nodes) {
          if (UNIQUE_TYPES.has(n.type) && nodes.some((m) => m.type === n.type)) continue;
          const kind = n.type === "action" ? n.data?.config?.action || "action" : n.type;
          const id = freshId(kind, nodes);
          idMap.set(n.id, id);
          const copy = { ...structuredClone(n), id, selected: true,
            position: { x: n.position.x + offset.x, y: n.position.y + offset.y } };
          nodes = [...nodes, copy];
          added.push(id);
        }
        if (!added.length) return [];
        remember();
        const newEdges = s.clipboard.edges
          .filter((e) => idMap.has(e.source) && idMap.has(e.target))
          .map((e) => ({ ...structuredClone(e), id: flowEdgeId(idMap.get(e.source), e.sourceHandle, idMap.get(e.target)),
            source: idMap.get(e.source), target: idMap.get(e.target), data: {} }));
        commit({ nodes, edges: [...s.edges.map((e) => (e.selected ? { ...e, selected: false } : e)), ...newEdges] });
        return added;
      },

      undo() {
        const s = get();
        if (!s.past.length) return;
        const prev = s.past[s.past.length - 1];
        set({ past: s.past.slice(0, -1), future: [snapshotOf(s), ...s.future], lastEdit: null });
        commit(restore(s, prev));
      },

      redo() {
        const s = get();
        if (!s.future.length) return;
        const [next, ...rest] = s.future;
        set({ past: [...s.past, snapshotOf(s)], future: rest, lastEdit: null });
        commit(restore(s, next));
      },

      /** Replaces the canvas with another graph (e.g. a published version), as one undo step. */
      replaceGraph(graph) {
        remember();
        const flow = journeyToFlow(graph || {});
        commit({ nodes: flow.nodes, edges: flow.edges, extra: flow.extra });
      },

      /** Re-positions every node with the auto-layout (one undo step). */
      autoLayout() {
        const s = get();
        if (!s.nodes.length) return;
        remember();
        const pos = layoutPositions(s.nodes, s.edges);
        commit({ nodes: s.nodes.map((n) => ({ ...n, position: pos[n.id] })) });
      },

      setProblems(problems, validating = false) {
        set({ problems, validating });
      },
      setValidating(validating) {
        set({ validating });
      },
      setOverlay(overlay) {
        set({ overlay });
      },
    };
  });
}

export const editorStore = createEditorStore();

/** React hook over the editor store: useEditor((s) => s.nodes). */
export function useEditor(selector) {
  return useStore(editorStore, selector);
}
