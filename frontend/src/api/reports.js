// Reports (SPEC §11): a journey's report and the workspace overview.
import { api } from "./client.js";

const range = ({ from, to, bucket } = {}) => {
  const query = {};
  if (from) query.from = from;
  if (to) query.to = to;
  if (bucket) query.bucket = bucket;
  return query;
};

/** GET /api/journeys/<id>/report?from&to&bucket → {journey, from, to, bucket, series: [{t, enrolled, goal_achieved, completed, unenrolled, failed}], conversion: {rate, ci95}, time_to_goal_hours: {p50, p90}, nodes: {id: {reached, goal_after}}, splits: {node: {branch: {n, goal, rate, ci95}, p_value}}, emails: {node: {sent, opened, clicked, unsubscribed}}} */
export const getJourneyReport = (id, query) =>
  api.get(`/api/journeys/${encodeURIComponent(id)}/report`, range(query));

/** GET /api/reports/overview?from&to → {from, to, journeys: [{id, key, name, enabled, enrolled, active, goal_achieved, completed, conversion: {rate, ci95}}]} */
export const getReportOverview = (query) => api.get("/api/reports/overview", range(query));
