// Pure helpers behind the Report tab and the overview: ranges, chart rows, words, CSV.
import { kindLabel, stepName } from "../graph/nodeKinds.js";

const DAY = 86400000;

/** "YYYY-MM-DD" of a Date in UTC (the reports' days are UTC days). */
export const isoDay = (date) => new Date(date).toISOString().slice(0, 10);

/** The last `days` days up to `today` (inclusive): {from, to}. */
export function lastDays(days, today = new Date()) {
  const to = isoDay(today);
  return { from: isoDay(new Date(Date.parse(to) - (days - 1) * DAY)), to };
}

/** A problem with a range, in words, or null (the server says the same with a 422). */
export function rangeProblem({ from, to }) {
  if (!from || !to) return "Choose both dates.";
  if (from > to) return "The start date is after the end date.";
  if ((Date.parse(to) - Date.parse(from)) / DAY + 1 > 732) return "A report covers at most two years (732 days).";
  return null;
}

/** 0.4567 → "45.7%"; null → "—". */
export const percent = (x) => (x === null || x === undefined ? "—" : `${(x * 100).toFixed(1)}%`);

/** [lo, hi] → "31.2%–58.9%"; null → "". */
export const interval = (ci) => (ci ? `${percent(ci[0])}–${percent(ci[1])}` : "");

/** Hours in words: 5.5 → "5.5 h", 50 → "2.1 days", null → "—". */
export function hours(h) {
  if (h === null || h === undefined) return "—";
  // times are kept in whole-hour buckets: inside the first one, only "under an hour" is known
  // (a goal met seconds after enrolling would otherwise read "0.5 h")
  if (h < 1) return "under 1 h";
  return h < 48 ? `${Number(h.toFixed(1))} h` : `${Number((h / 24).toFixed(1))} days`;
}

/**
 * The line under the time-to-goal median: "median; 90% within 2.5 days", or, when no account
 * in the period reached the goal (both quantiles null), that nobody has yet.
 */
export function timeToGoalWords(t) {
  if (!t || t.p90 === null || t.p90 === undefined) return "No account has reached the goal yet";
  return `median; 90% within ${t.p90 < 1 ? "the first hour" : hours(t.p90)}`;
}

/** The name a person reads for a node: its label, else its id. */
export const nodeName = (labels, id) => labels?.[id] || id;

/**
 * Names for the report's steps: the canvas's (its label, else its kind: "End", "Assign playbook",
 * as its card says); a step a later version removed by the name the report gives it (its last
 * label), else its kind, marked "(removed)".
 */
export function reportLabels(nodes, report) {
  const labels = Object.fromEntries(nodes.map((n) => [n.id, n.data?.label || (n.type ? stepName(n) : n.id)]));
  for (const [id, node] of Object.entries(report?.nodes || {})) {
    if (!(id in labels)) labels[id] = `${node.label || (node.type ? kindLabel(node.type) : id)} (removed)`;
  }
  return labels;
}

/** Bars of reach by node, in the order of `order` (graph order), nodes nobody reached kept. */
export function reachRows(report, labels = {}, order = Object.keys(report?.nodes || {})) {
  const nodes = report?.nodes || {};
  return order.filter((id) => nodes[id]).map((id) => ({
    id, name: nodeName(labels, id), reached: nodes[id].reached, goal_after: nodes[id].goal_after,
  }));
}

/** One row per branch of one split: rate in percent with its error bar ([below, above]). */
export function splitRows(split) {
  return Object.entries(split || {}).filter(([key]) => key !== "p_value").map(([branch, b]) => ({
    branch, n: b.n, goal: b.goal, rate: b.rate === null ? 0 : b.rate * 100,
    error: b.ci95 && b.rate !== null ? [(b.rate - b.ci95[0]) * 100, (b.ci95[1] - b.rate) * 100] : [0, 0],
    ci95: b.ci95, hasRate: b.rate !== null,
  }));
}

/** "p = 0.034 (a real difference at 95%)" or why there is none. */
export function pValueWords(p) {
  if (p === null || p === undefined) return "Not enough data to compare the branches yet.";
  const shown = p < 0.001 ? "p < 0.001" : `p = ${p.toFixed(3)}`;
  return p < 0.05 ? `${shown}: the branches differ (95% confidence).`
    : `${shown}: no clear difference between the branches yet.`;
}

/** Email engagement rows: per send-email step, counts and rates of the emails sent. */
export function emailRows(report, labels = {}) {
  return Object.entries(report?.emails || {}).map(([id, e]) => ({
    id, name: nodeName(labels, id), ...e,
    open_rate: e.sent ? e.opened / e.sent : null, click_rate: e.sent ? e.clicked / e.sent : null,
  }));
}

function cell(value) {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\n\r]/.test(text) || /^[=+\-@]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows (arrays) as CSV text; cells that a spreadsheet would run as a formula are quoted. */
export const toCsv = (rows) => rows.map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";

/** The whole report as CSV: the series, then per-node, split and email sections. */
export function reportCsv(report, labels = {}) {
  const rows = [["section", "key", "name", "metric", "value"]];
  for (const p of report.series || []) {
    for (const m of ["enrolled", "goal_achieved", "completed", "unenrolled", "failed"]) rows.push(["series", p.t, "", m, p[m]]);
  }
  const c = report.conversion || {};
  rows.push(["conversion", "", "", "rate", c.rate], ["conversion", "", "", "ci95_low", c.ci95?.[0]],
    ["conversion", "", "", "ci95_high", c.ci95?.[1]]);
  const t = report.time_to_goal_hours || {};
  rows.push(["time_to_goal_hours", "", "", "p50", t.p50], ["time_to_goal_hours", "", "", "p90", t.p90]);
  for (const [id, n] of Object.entries(report.nodes || {})) {
    rows.push(["node", id, nodeName(labels, id), "reached", n.reached], ["node", id, nodeName(labels, id), "goal_after", n.goal_after]);
  }
  for (const [id, split] of Object.entries(report.splits || {})) {
    for (const r of splitRows(split)) {
      for (const m of ["n", "goal"]) rows.push(["split", `${id}:${r.branch}`, nodeName(labels, id), m, r[m]]);
      rows.push(["split", `${id}:${r.branch}`, nodeName(labels, id), "rate", split[r.branch].rate]);
    }
    rows.push(["split", id, nodeName(labels, id), "p_value", split.p_value]);
  }
  for (const e of emailRows(report, labels)) {
    for (const m of ["sent", "opened", "clicked", "unsubscribed"]) rows.push(["email", e.id, e.name, m, e[m]]);
  }
  return toCsv(rows);
}

/** The overview as CSV, one row per journey. */
export function overviewCsv(overview) {
  const rows = [["journey", "key", "enabled", "enrolled", "active_now", "goal_achieved", "completed", "unenrolled",
    "failed", "failed_now", "has_goal", "conversion", "ci95_low", "ci95_high"]];
  for (const j of overview.journeys || []) {
    rows.push([j.name, j.key, j.enabled, j.enrolled, j.active, j.goal_achieved, j.completed, j.unenrolled, j.failed,
      j.failed_now, j.has_goal, j.conversion?.rate, j.conversion?.ci95?.[0], j.conversion?.ci95?.[1]]);
  }
  return toCsv(rows);
}

/** Offer `text` as a download named `filename` (a CSV file). */
export function download(filename, text) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
