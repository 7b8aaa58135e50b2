// ?version=N: show a published version of the journey, read-only, instead of the draft.
import { useEffect, useState } from "react";
import { listVersions } from "../api/journeys.js";
import { editorStore } from "../store/editorStore.js";

/** Loads version N's graph into the canvas once the journey is loaded; returns {version, error}. */
export function useVersionView(journeyId, version, loaded) {
  const [state, setState] = useState({ version: null, error: null });
  useEffect(() => {
    if (!loaded || !version) return undefined;
    let alive = true;
    listVersions(journeyId).then((versions) => {
      if (!alive) return;
      const found = versions.find((v) => String(v.version) === String(version));
      if (!found) {
        setState({ version: null, error: `Version ${version} does not exist.` });
        return;
      }
      editorStore.getState().load({ ...editorStore.getState().meta, graph: found.graph });
      setState({ version: found.version, error: null });
    }).catch((e) => alive && setState({ version: null, error: e.message }));
    return () => { alive = false; };
  }, [journeyId, version, loaded]);
  return state;
}
