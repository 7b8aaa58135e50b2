// ?account=<external_id>&enrollment=<id>: highlight one enrollment's walked path on the canvas.
import { useEffect, useState } from "react";
import { getAccountJourneys } from "../api/accounts.js";
import { editorStore } from "../store/editorStore.js";

/** Loads the enrollment's steps into the canvas overlay once the journey is loaded; returns {info, error}. */
export function useEnrollmentPath(account, enrollmentId, loaded) {
  const [state, setState] = useState({ info: null, error: null });
  useEffect(() => {
    if (!loaded || !account || !enrollmentId) return undefined;
    let alive = true;
    getAccountJourneys(account).then((enrollments) => {
      if (!alive) return;
      const found = (enrollments || []).find((e) => String(e.id) === String(enrollmentId));
      if (!found) {
        setState({ info: null, error: `Enrollment ${enrollmentId} of ${account} was not found.` });
        return;
      }
      editorStore.getState().setOverlay({ kind: "path", steps: found.steps || [], title: `Path of ${account}` });
      setState({ info: { account, status: found.status, version: found.version }, error: null });
    }).catch((e) => alive && setState({ info: null, error: e.message }));
    return () => { alive = false; };
  }, [account, enrollmentId, loaded]);
  return state;
}
