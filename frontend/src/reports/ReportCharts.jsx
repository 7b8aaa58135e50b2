// The report's charts (recharts): enrollments and goals over time, reach by step, split
// branches with their 95% intervals, and email engagement. Each chart has its numbers in a
// table beside it, for reading exact values and for screen readers. Step names sit on the
// vertical axis of horizontal bars (room for long names, the axis as wide as they need), wrapped
// onto two lines and past that cut with an ellipsis, the full name in the label's tooltip.
import {
  Bar, BarChart, CartesianGrid, ErrorBar, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis,
} from "recharts";
import { interval, percent, pValueWords, splitRows } from "./reportData.js";
import { categoryAxisWidth, charsPerBand, wrapLabel } from "./chartLabels.js";
import { dateWords } from "../components/dates.js";

const FONT = 11;
const LINE = FONT + 2;

/**
 * A category axis's label (recharts `tick`): the name wrapped onto at most `maxLines` lines, cut
 * with "…" past them, the full name as its SVG <title> (the tooltip on hover). On a vertical axis
 * (`axis="y"`) lines end at the tick, centred on it, at most `maxChars` wide; on a horizontal one
 * they hang under it, as wide as one bar's share of the axis.
 */
export function CategoryTick({ x, y, payload, axis = "y", maxChars = 26, maxLines = 2, width, visibleTicksCount }) {
  const chars = axis === "x" && width ? Math.min(maxChars, charsPerBand(width, visibleTicksCount, FONT)) : maxChars;
  const { lines, full } = wrapLabel(payload?.value, chars, maxLines);
  const first = axis === "y" ? FONT * 0.35 - ((lines.length - 1) * LINE) / 2 : FONT * 0.71;
  return (
    <text x={x} y={y} textAnchor={axis === "y" ? "end" : "middle"} fontSize={FONT} fill="#4b5563" className="chart-label">
      <title>{full}</title>
      {lines.map((line, i) => <tspan key={i} x={x} dy={i === 0 ? first : LINE}>{line}</tspan>)}
    </text>
  );
}

/** A vertical category axis of names, as wide as its longest name wrapped at `maxChars` needs. */
export const nameAxis = (names, maxChars = 26) => ({
  type: "category", dataKey: "name", interval: 0, width: categoryAxisWidth(names, { maxChars, fontSize: FONT }),
  tick: <CategoryTick axis="y" maxChars={maxChars} />,
});

const COLORS = { enrolled: "#2563eb", goal_achieved: "#16a34a", completed: "#7c3aed", unenrolled: "#d97706", failed: "#dc2626",
  reached: "#2563eb", goal_after: "#16a34a", sent: "#2563eb", opened: "#16a34a", clicked: "#7c3aed", unsubscribed: "#dc2626" };
const WORDS = { enrolled: "Enrolled", goal_achieved: "Goal achieved", completed: "Completed", unenrolled: "Unenrolled",
  failed: "Failed", reached: "Reached", goal_after: "Goal after", sent: "Accounts emailed", opened: "Opened", clicked: "Clicked",
  unsubscribed: "Unsubscribed" };

/** bucket: "day" or "week" (a week's point is its Monday). */
export function SeriesChart({ series, bucket = "day" }) {
  const label = (t) => (bucket === "week" ? `Week from ${dateWords(t)}` : dateWords(t));
  return (
    <figure className="report-chart" aria-label="Enrollments and goals over time">
      <figcaption>Enrollments and goals over time</figcaption>
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={series} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="t" tick={{ fontSize: 11 }} tickFormatter={dateWords} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
          <Tooltip labelFormatter={label} />
          <Legend />
          {["enrolled", "goal_achieved", "completed", "unenrolled", "failed"].map((k) => (
            <Line key={k} type="monotone" dataKey={k} name={WORDS[k]} stroke={COLORS[k]} dot={series.length < 40}
              strokeWidth={k === "enrolled" || k === "goal_achieved" ? 2.5 : 1.5} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

export function ReachChart({ rows }) {
  return (
    <figure className="report-chart" aria-label="Reach by step">
      <figcaption>Reach by step (drop-off) and goals achieved after each step</figcaption>
      <ResponsiveContainer width="100%" height={Math.max(140, rows.length * 38 + 60)}>
        <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" allowDecimals={false} tick={{ fontSize: FONT }} />
          <YAxis {...nameAxis(rows.map((r) => r.name))} />
          <Tooltip />
          <Legend />
          <Bar dataKey="reached" name={WORDS.reached} fill={COLORS.reached} isAnimationActive={false} />
          <Bar dataKey="goal_after" name={WORDS.goal_after} fill={COLORS.goal_after} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
      <table className="report-table">
        <thead><tr><th>Step</th><th>Reached</th><th>Goal after</th><th>Of those reached</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}><td>{r.name}</td><td>{r.reached}</td><td>{r.goal_after}</td>
              <td>{r.reached ? percent(r.goal_after / r.reached) : "—"}</td></tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

export function SplitChart({ name, split }) {
  const rows = splitRows(split);
  return (
    <figure className="report-chart" aria-label={`Split ${name}`}>
      <figcaption>Split “{name}”: goal rate by branch, with 95% intervals</figcaption>
      <ResponsiveContainer width="100%" height={200}>
        <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="branch" interval={0} height={2 * LINE + 14} tick={<CategoryTick axis="x" maxChars={40} />} />
          <YAxis unit="%" domain={[0, 100]} tick={{ fontSize: 11 }} />
          <Tooltip formatter={(v) => `${Number(v).toFixed(1)}%`} />
          <Bar dataKey="rate" name="Goal rate" fill={COLORS.goal_after} minPointSize={2} isAnimationActive={false}>{/* a 0% branch keeps its interval (as the overview) */}
            <ErrorBar dataKey="error" width={8} strokeWidth={2} stroke="#111827" direction="y" isAnimationActive={false} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
      <table className="report-table">
        <thead><tr><th>Branch</th><th>Accounts</th><th>Goal</th><th>Rate</th><th>95% interval</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.branch}><td>{r.branch}</td><td>{r.n}</td><td>{r.goal}</td>
              <td>{r.hasRate ? percent(r.rate / 100) : "—"}</td><td>{interval(r.ci95)}</td></tr>
          ))}
        </tbody>
      </table>
      <p className="muted">{pValueWords(split.p_value)}</p>
    </figure>
  );
}

export function EmailChart({ rows }) {
  return (
    <figure className="report-chart" aria-label="Email engagement">
      <figcaption>Email engagement by step</figcaption>
      <ResponsiveContainer width="100%" height={Math.max(160, rows.length * 64 + 70)}>
        <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" allowDecimals={false} tick={{ fontSize: FONT }} />
          <YAxis {...nameAxis(rows.map((r) => r.name))} />
          <Tooltip />
          <Legend />
          {["sent", "opened", "clicked", "unsubscribed"].map((k) => (
            <Bar key={k} dataKey={k} name={WORDS[k]} fill={COLORS[k]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
      <table className="report-table">
        <caption className="muted small">Counted per account (an email to three contacts counts once; the Live canvas counts each email).</caption>
        <thead><tr><th>Email step</th><th>Accounts emailed</th><th>Opened</th><th>Clicked</th><th>Unsubscribed</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}><td>{r.name}</td><td>{r.sent}</td><td>{r.opened} ({percent(r.open_rate)})</td>
              <td>{r.clicked} ({percent(r.click_rate)})</td><td>{r.unsubscribed}</td></tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
