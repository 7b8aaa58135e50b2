// Human intervention tasks and the email outbox.
import { api } from "./client.js";

/** GET /api/tasks?status=&assignee=&account= → [{id, title, description, assignee, due_on, priority, status, account}] */
export async function listTasks(filters = {}) {
  return (await api.get("/api/tasks", filters)).items;
}

/** PATCH /api/tasks/<id> (e.g. {status: "done"}) → the task. */
export const updateTask = (id, patch) => api.patch(`/api/tasks/${encodeURIComponent(id)}`, patch);

/** GET /api/outbox[?account=] → [{id, to, from, subject, body, status, error, created_at, sent_at, account}] */
export async function listOutbox(filters = {}) {
  return (await api.get("/api/outbox", filters)).items;
}

/** GET /api/outbox?status=&q=&journey=&limit=&offset= → {items, total}: one page, and how many match in all. */
export const listOutboxPage = (filters = {}) => api.get("/api/outbox", filters);

/**
 * POST /api/outbox/<id>/resend {confirm: true} → the email, queued again. Only for an uncertain
 * or failed email, after the person confirmed it may reach the recipient twice.
 */
export const resendEmail = (id) => api.post(`/api/outbox/${encodeURIComponent(id)}/resend`, { confirm: true });
