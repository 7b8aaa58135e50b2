// ?version=N: show a published version of the journey, read-only, instead of the draft.
import { useEffect, useState } from "react";
import { getVersionDiff, listVersions } from "../api/journeys.js";
import { editorStore } from "../store/editorStore.js";
import { diffMarks } from "./versionDiff.js";

/** Loads version N's graph into the canvas once the journey is loaded, and marks the steps it
 * added or changed against version N−1; returns {version, error, diff}. */
export function useVersionView(journeyId, version, loaded) {
  const [state, setState] = useState({ version: null, error: null, diff: null });
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
      setState({ version: found.version, error: null, diff: null });
      getVersionDiff(journeyId, found.version).then((diff) => {
        if (!alive) return;
        editorStore.getState().setOverlay({ kind: "diff", marks: diffMarks(diff), version: found.version });
        setState({ version: found.version, error: null, diff });
      }).catch(() => {}); // the version still shows; only the marks are missing
    }).catch((e) => alive && setState({ version: null, error: e.message }));
    return () => { alive = false; };
  }, [journeyId, version, loaded]);
  return state;
}
