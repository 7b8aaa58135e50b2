// The workspace overview (SPEC §11): every journey's enrollments, active accounts, goals,
// completions, unenrollments, failures and conversion for a period, as a chart and a table, with
// CSV export. Failures link to the journey's Live view (listed there with Retry); a journey with
// no goal step says "no goal" rather than a rate. The chart's bars lie down, journey names on
// the vertical axis, wrapped and cut with an ellipsis (full name on hover) rather than clipped.
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { Bar, BarChart, CartesianGrid, ErrorBar, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { getReportOverview } from "../api/reports.js";
import DateRange from "./DateRange.jsx";
import { nameAxis } from "./ReportCharts.jsx";
import { dateWords } from "../components/dates.js";
import { download, interval, lastDays, overviewCsv, percent, rangeProblem } from "./reportData.js";

/** Chart rows: conversion in percent with its interval as the error bar (journeys with a goal
 * and accounts enrolled in the period only: a journey without a goal has no rate). */
export function conversionRows(journeys) {
  return (journeys || []).filter((j) => j.enrolled > 0 && j.conversion && j.conversion.rate !== null).map((j) => {
    const { rate, ci95 } = j.conversion;
    return { name: j.name, rate: rate * 100, error: ci95 ? [(rate - ci95[0]) * 100, (ci95[1] - rate) * 100] : [0, 0] };
  });
}

/** Failures in the period, linked to the Live view (where failed enrollments wait with Retry);
 * older ones still failed are added as "(N now)". */
function FailedCell({ journey }) {
  const failed = journey.failed ?? 0;
  const now = journey.failed_now ?? 0;
  if (!failed && !now) return 0;
  return (
    <Link className="error" to={`/journeys/${journey.id}?tab=live`}
      title={`${failed} failed in the period; ${now} failed now: see them and Retry in the Live view`}>
      {failed}{now > failed ? ` (${now} now)` : ""}
    </Link>
  );
}

export default function OverviewReport() {
  const [range, setRange] = useState(() => lastDays(30));
  const [overview, setOverview] = useState(null);
  const [error, setError] = useState(null);

  useEffect(() => {
    if (rangeProblem(range)) return undefined;
    let alive = true;
    setError(null);
    getReportOverview(range).then((o) => alive && setOverview(o)).catch((e) => alive && setError(e.message));
    return () => { alive = false; };
  }, [range]);

  const rows = conversionRows(overview?.journeys);
  return (
    <section className="report-overview" aria-label="Overview report">
      <DateRange value={range} onChange={setRange} showBucket={false} />
      {error && <p className="banner error" role="alert">{error}</p>}
      {!overview && !error && <p className="muted">Loading the overview…</p>}
      {overview && (
        <>
          <div className="report-actions">
            <span className="muted">{dateWords(overview.from)} to {dateWords(overview.to)}, UTC days. “Active” is now.</span>
            <button type="button" className="small" onClick={() => download(`journeys-overview-${overview.from}-${overview.to}.csv`, overviewCsv(overview))}>Export CSV</button>
          </div>
          {rows.length > 0 && (
            <figure className="report-chart" aria-label="Conversion by journey">
              <figcaption>Conversion by journey (accounts enrolled in the period who achieved the goal), with 95% intervals</figcaption>
              <ResponsiveContainer width="100%" height={Math.max(140, rows.length * 38 + 50)}>
                <BarChart data={rows} layout="vertical" margin={{ top: 8, right: 24, bottom: 4, left: 4 }}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis type="number" unit="%" domain={[0, 100]} tick={{ fontSize: 11 }} />
                  <YAxis {...nameAxis(rows.map((r) => r.name), 36)} />
                  <Tooltip formatter={(v) => `${Number(v).toFixed(1)}%`} />
                  {/* minPointSize: a bar of 0% gets a hairline, so Recharts keeps its point and draws its
                      interval (0.0–56.1% for three accounts in and none converted yet) */}
                  <Bar dataKey="rate" name="Conversion" fill="#16a34a" maxBarSize={26} minPointSize={2} isAnimationActive={false}>
                    <ErrorBar dataKey="error" width={6} strokeWidth={2} stroke="#111827" direction="x" isAnimationActive={false} />
                  </Bar>
                </BarChart>
              </ResponsiveContainer>
            </figure>
          )}
          <table className="data" aria-label="Journeys overview">
            <thead><tr><th>Journey</th><th>Enabled</th><th>Enrolled</th><th>Active now</th><th>Goal achieved</th><th>Completed</th><th>Unenrolled</th><th>Failed</th><th>Conversion</th><th>95% interval</th></tr></thead>
            <tbody>
              {overview.journeys.map((j) => (
                <tr key={j.id} data-testid={`overview-row-${j.key}`}>
                  <td><Link to={`/journeys/${j.id}?tab=report`}>{j.name}</Link></td>
                  <td>{j.enabled ? "On" : "Off"}</td><td>{j.enrolled}</td><td>{j.active}</td>
                  <td>{j.goal_achieved}</td><td>{j.completed}</td><td>{j.unenrolled ?? 0}</td>
                  <td><FailedCell journey={j} /></td>
                  {j.conversion
                    ? <><td>{percent(j.conversion.rate)}</td><td>{interval(j.conversion.ci95)}</td></>
                    : <><td className="muted" title="This journey has no goal step: there is nothing to convert to">no goal</td><td /></>}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
