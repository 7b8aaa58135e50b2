// Journeys: list, CRUD, versions, validate, publish/enable/disable, simulate, stats, live accounts.
import { api } from "./client.js";

const base = (id) => `/api/journeys/${encodeURIComponent(id)}`;

/** GET /api/journeys → [{id, key, name, description, status, enabled, draft_version, published_version, stats?}] */
export async function listJourneys() {
  return (await api.get("/api/journeys")).items;
}

/** GET /api/journeys/<id> → the journey with its draft `graph`. */
export const getJourney = (id) => api.get(base(id));

/** POST /api/journeys {key, name, description, graph} → 201 {id, key, draft_version, ...} */
export const createJourney = (body) => api.post("/api/journeys", body);

/** PUT /api/journeys/<id> {graph, draft_version, name, description} → the saved journey; 409 when stale. */
export const saveJourney = (id, body) => api.put(base(id), body);

/** POST /api/journeys/<id>/duplicate {key, name} → 201 the copy (a new draft). */
export const duplicateJourney = (id, body) => api.post(`${base(id)}/duplicate`, body);

export const deleteJourney = (id) => api.del(base(id));
/** POST /api/journeys/<id>/publish {note?, migrate?: {mode: "stay"|"move", map: {old: new}}} → the journey with `migration`; 422 `unmapped_nodes` lists occupied nodes with no mapping. */
export const publishJourney = (id, body) => api.post(`${base(id)}/publish`, body);

/** POST /api/journeys/<id>/publish/preview (the publish body) → {version, valid, problems, mode, active, moving, staying, by_version, nodes: [{version, node_id, count, type, label, to, to_type, to_label, mapped_by, wait}], unmapped, can_publish} */
export const previewPublish = (id, body) => api.post(`${base(id)}/publish/preview`, body);

/** GET /api/journeys/<id>/versions/<n>/diff → {version, against, nodes: {added, removed, changed: [{id, type, label, fields}]}, edges: {added, removed}, settings, counts} */
export const getVersionDiff = (id, n) => api.get(`${base(id)}/versions/${encodeURIComponent(n)}/diff`);
export const enableJourney = (id) => api.post(`${base(id)}/enable`);
export const disableJourney = (id) => api.post(`${base(id)}/disable`);

/** GET /api/journeys/<id>/enable-preview → {version, enroll_existing, segments: [{key, name, members}], members, will_enroll, already_active} */
export const getEnablePreview = (id) => api.get(`${base(id)}/enable-preview`);

/** GET /api/journeys/<id>/versions → [{version, published_at, published_by, graph, live, active, enrolled}] */
export async function listVersions(id) {
  return (await api.get(`${base(id)}/versions`)).items;
}

/** POST /api/journeys/validate (graph) → {valid, problems: [{code, message, node_id, edge}]} */
export const validateGraph = (graph) => api.post("/api/journeys/validate", graph);

/** POST /api/journeys/<id>/simulate {account, days, changes, version? | graph?} → {status, goal_achieved, steps}; the saved draft unless a version or an unsaved graph is given. */
export const simulateJourney = (id, body) => api.post(`${base(id)}/simulate`, body);

/** GET /api/journeys/<id>/stats → {enrolled, goal_achieved, by_status, nodes} */
export const getStats = (id) => api.get(`${base(id)}/stats`);

/** GET /api/journeys/<id>/nodes/<node_id>/accounts → {items: [{external_id, name, status, entered_at, here,
 * wake_at, current_node}], here_count, passed_count}: those at the step now, then those that passed it. */
export const listNodeAccounts = (id, nodeId) => api.get(`${base(id)}/nodes/${encodeURIComponent(nodeId)}/accounts`);

/** Enrollments an action stopped, newest first: [{enrollment_id, external_id, name, node_id, error, failed_at}]. */
export async function listFailedEnrollments(id) {
  return (await api.get(`${base(id)}/failed`)).items;
}
