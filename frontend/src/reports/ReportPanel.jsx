// The editor's Report tab (SPEC §11): is this journey working? A period picker, the headline
// numbers, charts, and the report as CSV tables a spreadsheet can sort and chart: the steps (one
// row per step, split branches and email engagement included), the days (or weeks), and the
// headline numbers.
import { useEffect, useMemo, useState } from "react";
import { getJourneyReport } from "../api/reports.js";
import { useEditor } from "../store/editorStore.js";
import DateRange from "./DateRange.jsx";
import { dateWords } from "../components/dates.js";
import { EmailChart, ReachChart, SeriesChart, SplitChart } from "./ReportCharts.jsx";
import {
  download, emailRows, hours, interval, lastDays, nodeName, percent, rangeProblem, reachRows, reportKinds, reportLabels,
  reportSeriesCsv, reportStepsCsv, reportSummaryCsv, timeToGoalWords,
} from "./reportData.js";

export default function ReportPanel({ journeyId, initialRange }) {
  const [range, setRange] = useState(() => initialRange || { ...lastDays(30), bucket: "day" });
  const [report, setReport] = useState(null);
  const [error, setError] = useState(null);
  const nodes = useEditor((s) => s.nodes);
  const order = useMemo(() => nodes.map((n) => n.id), [nodes]);

  useEffect(() => {
    if (rangeProblem(range)) return undefined;
    let alive = true;
    setError(null);
    getJourneyReport(journeyId, range)
      .then((r) => alive && setReport(r))
      .catch((e) => alive && setError(e.message));
    return () => { alive = false; };
  }, [journeyId, range]);

  const labels = useMemo(() => reportLabels(nodes, report), [nodes, report]);
  const totals = useMemo(() => {
    const t = { enrolled: 0, goal_achieved: 0, completed: 0, unenrolled: 0, failed: 0 };
    for (const p of report?.series || []) for (const k of Object.keys(t)) t[k] += p[k];
    return t;
  }, [report]);
  const stepOrder = report ? [...order, ...Object.keys(report.nodes).filter((id) => !order.includes(id))] : [];
  const reach = report ? reachRows(report, labels, stepOrder) : [];
  const emails = report ? emailRows(report, labels) : [];
  const name = report ? `journey-${report.journey.key}` : "";
  const period = report ? `${report.from}-${report.to}` : "";

  return (
    <section className="panel-section report-panel" aria-label="Report">
      <DateRange value={range} onChange={setRange} />
      {error && <p className="banner error" role="alert">{error}</p>}
      {!report && !error && <p className="muted">Loading the report…</p>}
      {report && (
        <>
          <div className="report-actions">
            <span className="muted">{dateWords(report.from)} to {dateWords(report.to)}, UTC days</span>
            <div className="report-exports" role="group" aria-label="Export CSV">
              <span className="muted small">Export CSV:</span>
              <button type="button" className="small" title="One row per step: reached, goals after it, split branches, email engagement"
                onClick={() => download(`${name}-steps-${period}.csv`, reportStepsCsv(report, labels, reportKinds(nodes, report), stepOrder))}>
                Steps
              </button>
              <button type="button" className="small" title={`One row per ${report.bucket === "week" ? "week" : "day"}: enrolled, goals, completed, unenrolled, failed`}
                onClick={() => download(`${name}-${report.bucket === "week" ? "weekly" : "daily"}-${period}.csv`, reportSeriesCsv(report))}>
                Over time
              </button>
              <button type="button" className="small" title="The period's totals, conversion with its interval, and time to goal"
                onClick={() => download(`${name}-summary-${period}.csv`, reportSummaryCsv(report))}>
                Summary
              </button>
            </div>
          </div>
          <dl className="stat-grid report-stats">
            <div><dt>Enrolled</dt><dd>{totals.enrolled}</dd></div>
            <div><dt>Goal achieved</dt><dd>{totals.goal_achieved}</dd></div>
            <div><dt>Conversion</dt><dd title="Of the accounts enrolled in the period, how many achieved the goal">
              {percent(report.conversion.rate)}</dd><small>{interval(report.conversion.ci95)}</small></div>
            <div><dt>Time to goal</dt><dd>{hours(report.time_to_goal_hours.p50)}</dd>
              <small>{timeToGoalWords(report.time_to_goal_hours)}</small></div>
            <div><dt>Completed</dt><dd>{totals.completed}</dd></div>
            <div><dt>Unenrolled</dt><dd>{totals.unenrolled}</dd></div>
            <div><dt>Failed</dt><dd>{totals.failed}</dd></div>
          </dl>
          <SeriesChart series={report.series} bucket={report.bucket} />
          {reach.length > 0 && <ReachChart rows={reach} />}
          {Object.entries(report.splits).map(([id, split]) => (
            <SplitChart key={id} name={nodeName(labels, id)} split={split} />
          ))}
          {emails.length > 0 && <EmailChart rows={emails} />}
        </>
      )}
    </section>
  );
}
