// The catalog screens' reads and writes: segments, templates, playbooks, custom attributes,
// milestones, outcomes and staff users (SPEC §5 catalog; writes are admin-only on the server).
import { api } from "./client.js";

const seg = (key) => `/api/segments/${encodeURIComponent(key)}`;

/** GET /api/segments/<key> → {key, name, rule, accounts} */
export const getSegment = (key) => api.get(seg(key));
/** POST /api/segments {key, name, rule} → 201 the segment with its member count. */
export const createSegment = (body) => api.post("/api/segments", body);
/** PATCH /api/segments/<key> {name?, rule?} (members are recomputed). */
export const updateSegment = (key, changes) => api.patch(seg(key), changes);
/** DELETE /api/segments/<key>; 409 {details: {journeys, segments}} while something uses it. */
export const deleteSegment = (key) => api.del(seg(key));
/** POST /api/segments/preview {rule, key?} → {count, sample: [{external_id, name}]}; 422 for a bad rule. */
export const previewSegment = (rule, key) => api.post("/api/segments/preview", key ? { rule, key } : { rule });

/** GET /api/templates → [{key, subject, body}] */
export async function listTemplates() {
  return (await api.get("/api/templates")).items;
}
export const createTemplate = (body) => api.post("/api/templates", body);
export const updateTemplate = (key, changes) => api.patch(`/api/templates/${encodeURIComponent(key)}`, changes);
export const deleteTemplate = (key) => api.del(`/api/templates/${encodeURIComponent(key)}`);

/**
 * list / create / update / delete for the simple catalog kinds, by their URL plural:
 * "playbooks" ({key, name, due_in_days}), "attributes" ({key, label, type}),
 * "milestones" and "outcomes" ({key, name}), "users" ({email, name, role, password?}; by email).
 */
export function catalogResource(plural) {
  const one = (id) => `/api/${plural}/${encodeURIComponent(id)}`;
  return {
    list: async () => (await api.get(`/api/${plural}`)).items,
    create: (body) => api.post(`/api/${plural}`, body),
    update: (id, changes) => api.patch(one(id), changes),
    remove: (id) => api.del(one(id)),
  };
}
