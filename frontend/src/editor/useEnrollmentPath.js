// ?account=<external_id>&enrollment=<id>: show one enrollment's walked path on the canvas.
// The canvas switches (read-only) to the published version the enrollment walks, when known.
import { useEffect, useState } from "react";
import { getAccount, getAccountJourneys } from "../api/accounts.js";
import { enrollmentStatusLabel } from "../components/enrollmentStatus.js";
import { listVersions } from "../api/journeys.js";
import { listOutbox } from "../api/tasks.js";
import { stepName } from "../graph/nodeKinds.js";
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
/** nodeName(version, id): a step's name as that published version drew it (the newest version
 *  that had it when that one did not), else undefined — so a move's "from" step is named even
 *  when the version on the canvas no longer has it. */
export function versionNodeNames(versions) {
  const byVersion = new Map((versions || []).map((v) => [v.version,
    new Map((v.graph?.nodes || []).map((n) => [n.id, stepName({ type: n.type, data: { label: n.label, config: n.config } })]))]));
  const newestFirst = [...byVersion.keys()].sort((a, b) => b - a);
  return (version, id) => byVersion.get(version)?.get(id)
    ?? newestFirst.map((v) => byVersion.get(v).get(id)).find((x) => x !== undefined);
}

export function useEnrollmentPath(journeyId, account, enrollmentId, loaded) {
  const [state, setState] = useState({ info: null, error: null });
  useEffect(() => {
    if (!loaded || !account || !enrollmentId) return undefined;
    let alive = true;
    (async () => {
      // the name is a nicety: the banner falls back on the id
      const [enrollments, name, emails] = await Promise.all([getAccountJourneys(account),
        getAccount(account).then((a) => a?.name || null).catch(() => null),
        // an email step says "kept", "emailed" or "queued" by its emails' outbox status, as the account page does
        listOutbox({ account }).catch(() => [])]);
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
      const overlay = { kind: "path", steps: found.steps || [], title: `Path of ${name || account}`,
        nodeName: versionNodeNames(versions) };
      editorStore.getState().setOverlay(overlay);
      // the account's other walks through this journey (re-enrolled, or failed and enrolled again)
      const others = (enrollments || []).filter((e) => String(e.journey_id) === String(journeyId) && String(e.id) !== String(enrollmentId))
        .map((e) => ({ id: e.id, status: e.status, enrolled_at: e.enrolled_at, version: e.version }));
      setState({ info: { account, name, status: found.status, version: found.version, viewingVersion, enrolledAt: found.enrolled_at,
        endedAt: found.ended_at, wakeAt: found.status === "active" ? found.wake_at : null, others, overlay,
        sentSubjects: Object.fromEntries((emails || []).map((m) => [m.id, m.subject])),
        emailStatuses: Object.fromEntries((emails || []).map((m) => [m.id, m.status])) }, error: null });
    })().catch((e) => alive && setState({ info: null, error: e.message }));
    return () => { alive = false; };
  }, [journeyId, account, enrollmentId, loaded]);
  return state;
}
