// Product events (SPEC §7): an account's recent events and the names seen (for the pickers).
import { api } from "./client.js";

/** GET /api/events?account=&name=&since=&before=&limit= → {items: [{id, account, name, at, properties}], next_before}. */
export const listEvents = ({ account, name, since, before, limit } = {}) =>
  api.get("/api/events", { account, name, since, before, limit });

/** GET /api/event-names → [{name, count_30d, last_at, properties: {key: type}}]. */
export const listEventNames = () => api.get("/api/event-names");
