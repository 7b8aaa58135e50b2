// The audit log (admins): who changed what, and when.
import { api } from "./client.js";

/** GET /api/audit {actor, object, action, since, until, limit, offset} → {items: [{id, at, actor, actor_type, action, target_type, target_id, object, summary, changes}], total, limit, offset, actors} */
export const listAudit = (query) => api.get("/api/audit", query);
