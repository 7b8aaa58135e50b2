// ?account=<external_id>&enrollment=<id>: show one enrollment's walked path on the canvas.
// The canvas switches (read-only) to the published version the enrollment walks, when known.
import { useEffect, useState } from "react";
import { getAccountJourneys } from "../api/accounts.js";
import { listVersions } from "../api/journeys.js";
import { editorStore } from "../store/editorStore.js";

/**
 * Loads the enrollment's steps into the canvas overlay once the journey is loaded.
 * Returns {info: {account, status, version, viewingVersion}|null, error: string|null}.
 */
export function useEnrollmentPath(journeyId, account, enrollmentId, loaded) {
  const [state, setState] = useState({ info: null, error: null });
  useEffect(() => {
    if (!loaded || !account || !enrollmentId) return undefined;
    let alive = true;
    (async () => {
      const enrollments = await getAccountJourneys(account);
      const found = (enrollments || []).find((e) => String(e.id) === String(enrollmentId));
      if (!found) throw new Error(`Enrollment ${enrollmentId} of ${account} was not found.`);
      let viewingVersion = null;
      const versions = await listVersions(journeyId).catch(() => []);
      const version = versions.find((v) => v.version === found.version);
      if (!alive) return;
      if (version?.graph) {
        editorStore.getState().load({ ...editorStore.getState().meta, graph: version.graph });
        viewingVersion = found.version;
      }
      editorStore.getState().setOverlay({ kind: "path", steps: found.steps || [], title: `Path of ${account}` });
      setState({ info: { account, status: found.status, version: found.version, viewingVersion }, error: null });
    })().catch((e) => alive && setState({ info: null, error: e.message }));
    return () => { alive = false; };
  }, [journeyId, account, enrollmentId, loaded]);
  return state;
}
