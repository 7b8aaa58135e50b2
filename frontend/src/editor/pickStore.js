// "Pick a step on the canvas" for the publish dialog: while `picking` names an old node id, a
// click on a canvas node chooses it as that node's target instead of selecting it.
import { createStore } from "zustand/vanilla";
import { useStore } from "zustand";

export const pickStore = createStore((set, get) => ({
  picking: null, // {nodeId, label} of the old step being mapped, or null
  onPick: null,
  start(picking, onPick) { set({ picking, onPick }); },
  stop() { set({ picking: null, onPick: null }); },
  /** A canvas click: true when it was taken as a pick. */
  pick(targetId) {
    const { picking, onPick } = get();
    if (!picking) return false;
    onPick?.(picking.nodeId, targetId);
    set({ picking: null, onPick: null });
    return true;
  },
}));

export const usePick = (selector) => useStore(pickStore, selector);
