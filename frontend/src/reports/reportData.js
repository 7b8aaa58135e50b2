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

/** A rate rounded as the API rounds its own (6 decimals), or null when there is no denominator. */
const ratio = (part, whole) => (whole ? Number((part / whole).toFixed(6)) : null);

/**
 * One CSV cell. Text a spreadsheet would run as a formula (starting with = + - @, or a tab or
 * carriage return that some strip first) gets a leading apostrophe, so it reads as text; a cell
 * with a comma, a quote or a line break is quoted, its quotes doubled. Numbers are left alone (a
 * negative number is a number, not a formula).
 */
export function csvCell(value) {
  if (value === null || value === undefined) return "";
  let text = String(value);
  const formula = typeof value === "string" && /^[=+\-@\t\r]/.test(text);
  if (formula) text = `'${text}`;
  return formula || /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows (arrays, the first the header) as CSV text (RFC 4180: CRLF line ends, quoted cells). */
export const toCsv = (rows) => rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";

/**
 * What kind each report step is, in the palette's words ("Send email", "Random split (A/B)"): the
 * canvas node's kind, else (a step a later version removed) the type the report gives it.
 */
export function reportKinds(nodes, report) {
  const kinds = Object.fromEntries(nodes.map((n) => [n.id, kindLabel(n.type, n.data?.config)]));
  for (const [id, node] of Object.entries(report?.nodes || {})) {
    if (!(id in kinds) && node.type) kinds[id] = kindLabel(node.type);
  }
  return kinds;
}

export const STEP_COLUMNS = ["Step", "Step id", "Kind", "Branch", "Reached", "Goal after", "Goal rate",
  "Goal rate 95% low", "Goal rate 95% high", "Split p-value", "Accounts emailed", "Opened", "Clicked",
  "Unsubscribed", "Open rate", "Click rate"];

/**
 * The report's steps as a table, one row per step in `order` (graph order; steps nobody reached
 * kept): reached, goals after it and their rate; a split's row has its p-value and is followed by
 * one row per branch (accounts that took it as "Reached", goals after it, the rate with its 95%
 * interval); an email step's row has its engagement (accounts emailed, opened, clicked,
 * unsubscribed, and the open and click rates of the accounts emailed).
 */
export function reportStepsCsv(report, labels = {}, kinds = {}, order = Object.keys(report?.nodes || {})) {
  const nodes = report.nodes || {};
  const splits = report.splits || {};
  const emails = report.emails || {};
  const ids = [...order.filter((id) => nodes[id]), ...Object.keys(nodes).filter((id) => !order.includes(id))];
  for (const id of [...Object.keys(splits), ...Object.keys(emails)]) if (!ids.includes(id)) ids.push(id);
  const rows = [STEP_COLUMNS];
  for (const id of ids) {
    const node = nodes[id] || {};
    const split = splits[id];
    const e = emails[id];
    rows.push([nodeName(labels, id), id, kinds[id] ?? "", "", node.reached, node.goal_after,
      ratio(node.goal_after, node.reached), null, null, split ? split.p_value : null,
      e?.sent, e?.opened, e?.clicked, e?.unsubscribed, e && ratio(e.opened, e.sent), e && ratio(e.clicked, e.sent)]);
    for (const [branch, b] of Object.entries(split || {})) {
      if (branch === "p_value") continue;
      const row = [nodeName(labels, id), id, kinds[id] ?? "", branch, b.n, b.goal, b.rate, b.ci95?.[0], b.ci95?.[1]];
      rows.push([...row, ...Array(STEP_COLUMNS.length - row.length).fill(null)]);  // as wide as the header
    }
  }
  return toCsv(rows);
}

/** The report's series as a table: one row per day (or per week, from its Monday). */
export function reportSeriesCsv(report) {
  const rows = [[report.bucket === "week" ? "Week from" : "Day", "Enrolled", "Goal achieved", "Completed", "Unenrolled", "Failed"]];
  for (const p of report.series || []) rows.push([p.t, p.enrolled, p.goal_achieved, p.completed, p.unenrolled, p.failed]);
  return toCsv(rows);
}

const ttgWords = (h) => (h === null || h === undefined ? null : hours(h));

/** The report's headline numbers as a one-row table: the period's totals, conversion, time to goal. */
export function reportSummaryCsv(report) {
  const t = { enrolled: 0, goal_achieved: 0, completed: 0, unenrolled: 0, failed: 0 };
  for (const p of report.series || []) for (const k of Object.keys(t)) t[k] += p[k] || 0;
  const c = report.conversion || {};
  const ttg = report.time_to_goal_hours || {};
  return toCsv([
    ["Journey", "Key", "From", "To", "Enrolled", "Goal achieved", "Completed", "Unenrolled", "Failed",
      "Conversion rate", "Conversion 95% low", "Conversion 95% high", "Time to goal, median", "Time to goal, 90% within"],
    // in words, as the page says them: times are kept in whole-hour buckets, so a figure inside the
    // first hour (the API's 0.5) would claim a precision nobody measured
    [report.journey?.name, report.journey?.key, report.from, report.to, t.enrolled, t.goal_achieved, t.completed,
      t.unenrolled, t.failed, c.rate, c.ci95?.[0], c.ci95?.[1], ttgWords(ttg.p50), ttgWords(ttg.p90)],
  ]);
}

/** The overview as CSV, one row per journey. */
export function overviewCsv(overview) {
  const rows = [["Journey", "Key", "Enabled", "Enrolled", "Active now", "Goal achieved", "Completed", "Unenrolled",
    "Failed", "Failed now", "Has goal", "Conversion rate", "Conversion 95% low", "Conversion 95% high"]];
  for (const j of overview.journeys || []) {
    rows.push([j.name, j.key, j.enabled, j.enrolled, j.active, j.goal_achieved, j.completed, j.unenrolled, j.failed,
      j.failed_now, j.has_goal, j.conversion?.rate, j.conversion?.ci95?.[0], j.conversion?.ci95?.[1]]);
  }
  return toCsv(rows);
}

/** Offer `text` as a download named `filename` (a CSV file). It starts with a byte-order mark:
 * without one, Excel reads UTF-8 as the machine's legacy code page and garbles "é" and "—". */
export function download(filename, text) {
  const url = URL.createObjectURL(new Blob(["\uFEFF", text], { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
