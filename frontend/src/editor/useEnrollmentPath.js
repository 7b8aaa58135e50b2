// ?account=<external_id>&enrollment=<id>: show one enrollment's walked path on the canvas.
// The canvas switches (read-only) to the published version the enrollment walks, when known.
import { useEffect, useState } from "react";
import { getAccount, getAccountJourneys } from "../api/accounts.js";
import { enrollmentStatusLabel } from "../components/enrollmentStatus.js";
import { listVersions } from "../api/journeys.js";
import { editorStore } from "../store/editorStore.js";

/**
 * Loads the enrollment's steps into the canvas overlay once the journey is loaded.
 * Returns {info: {account, name, status, version, viewingVersion}|null, error: string|null}.
 */

/** The banner over the canvas: the account by name, its id after it ("Tidal Studios (acct-010)"),
 *  the version and the enrollment's status in words. */
export function pathBannerWords(info) {
  const who = info.name && info.name !== info.account ? `${info.name} (${info.account})` : info.account;
  return `Showing the path of ${who}: version ${info.version}, ${enrollmentStatusLabel(info.status).toLowerCase()}.`;
}
export function useEnrollmentPath(journeyId, account, enrollmentId, loaded) {
  const [state, setState] = useState({ info: null, error: null });
  useEffect(() => {
    if (!loaded || !account || !enrollmentId) return undefined;
    let alive = true;
    (async () => {
      // the name is a nicety: the banner falls back on the id
      const [enrollments, name] = await Promise.all([getAccountJourneys(account),
        getAccount(account).then((a) => a?.name || null).catch(() => null)]);
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
      editorStore.getState().setOverlay({ kind: "path", steps: found.steps || [], title: `Path of ${name || account}` });
      setState({ info: { account, name, status: found.status, version: found.version, viewingVersion }, error: null });
    })().catch((e) => alive && setState({ info: null, error: e.message }));
    return () => { alive = false; };
  }, [journeyId, account, enrollmentId, loaded]);
  return state;
}
