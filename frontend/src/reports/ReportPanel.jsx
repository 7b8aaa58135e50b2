// The editor's Report tab (SPEC §11): is this journey working? A period picker, the headline
// numbers, charts, and the whole report as CSV.
import { useEffect, useMemo, useState } from "react";
import { getJourneyReport } from "../api/reports.js";
import { useEditor } from "../store/editorStore.js";
import DateRange from "./DateRange.jsx";
import { dateWords } from "../components/dates.js";
import { EmailChart, ReachChart, SeriesChart, SplitChart } from "./ReportCharts.jsx";
import { download, emailRows, hours, interval, lastDays, nodeName, percent, rangeProblem, reachRows, reportCsv, reportLabels, timeToGoalWords } from "./reportData.js";

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
  const reach = report ? reachRows(report, labels, [...order, ...Object.keys(report.nodes).filter((id) => !order.includes(id))]) : [];
  const emails = report ? emailRows(report, labels) : [];

  return (
    <section className="panel-section report-panel" aria-label="Report">
      <DateRange value={range} onChange={setRange} />
      {error && <p className="banner error" role="alert">{error}</p>}
      {!report && !error && <p className="muted">Loading the report…</p>}
      {report && (
        <>
          <div className="report-actions">
            <span className="muted">{dateWords(report.from)} to {dateWords(report.to)}, UTC days</span>
            <button type="button" className="small" onClick={() => download(`journey-${report.journey.key}-report-${report.from}-${report.to}.csv`, reportCsv(report, labels))}>
              Export CSV
            </button>
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
