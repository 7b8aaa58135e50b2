// A simulation's outcome as a product reads: each step on its day and moment in the viewer's
// time zone, named as on the canvas, in the timeline's sentences; an email's subject and body
// and a task's text with the merge fields filled in; raw detail only under a disclosure.
import StepDetail, { ExplainedRule } from "../components/StepDetail.jsx";
import { enrollmentStatusLabel } from "../components/enrollmentStatus.js";
import { simulatedWhen, momentWords } from "../components/dates.js";
import { summarizeStep } from "../pages/stepSummary.js";
import { useCatalog } from "../inspector/catalogContext.js";
import { names } from "../graph/names.js";

const OUTCOMES = { yes: "Yes", no: "No", met: "Condition met", timeout: "Timed out" };

function fallbackSentence(step, n) {
  const d = step.detail || {};
  if (d.kind === "unenroll_from") {
    return d.mode === "specific"
      ? `On enrolling, it would leave ${(d.journeys || []).map(n.journey).map((j) => `“${j}”`).join(", ")} if active there`
      : "On enrolling, it would leave every other journey it is active in";
  }
  if (step.type === "condition") return `Decision: went the “${OUTCOMES[step.outcome] || step.outcome}” way`;
  if (step.type === "split") return `Split: took path “${step.outcome}”`;
  if (step.type === "goal") return step.outcome ? `Goal: ${step.outcome}` : "Goal checked";
  if (step.type === "end") return "Reached the end: the journey is complete";
  if (step.type === "exit") return `Exit: ${String(step.outcome || "").replaceAll("_", " ")}`;
  if (step.type === "entry") return "Entered the journey";
  return step.outcome ? String(step.outcome).replaceAll("_", " ") : "";
}

function Rendered({ result }) {
  if (!result || !result.simulated) return null;
  if (result.subject !== undefined || result.body) {
    return (
      <div className="sim-rendered" aria-label="Email as it would be sent">
        <div><span className="muted small">Subject </span><strong>{result.subject}</strong></div>
        {result.body && <pre className="email-body">{result.body}</pre>}
      </div>
    );
  }
  if (result.description) {
    return <div className="sim-rendered" aria-label="Task text"><pre className="email-body">{result.description}</pre></div>;
  }
  return null;
}

export default function SimulationResult({ result, nameOf, onShow }) {
  const catalog = useCatalog();
  const n = names(catalog);
  return (
    <div className="sim-result" data-testid="simulation-result">
      <p>
        Final status: <strong>{enrollmentStatusLabel(result.status)}</strong>
        {/* "Left: goal achieved" says it already; elsewhere the badge, apart from the status */}
        {result.goal_achieved && result.status !== "goal_exited" ? <> <span className="badge live">Goal achieved</span></> : null}
        {result.start && <span className="muted small"> · enrolled {momentWords(result.start)} (your time)</span>}
      </p>
      <ol className="steps sim-steps">
        {(result.steps || []).map((st, i) => {
          const summary = summarizeStep(st, { catalog });
          const rule = st.detail?.rule && typeof st.detail.rule === "object" && "verdict" in st.detail.rule
            ? (st.detail.rule.rule && "verdict" in st.detail.rule.rule ? st.detail.rule.rule : st.detail.rule) : null;
          return (
            <li key={i} data-testid="sim-step">
              <div className="sim-when muted small">{simulatedWhen(st)}</div>
              <button type="button" className="link-button" onClick={() => onShow(st.node_id)}>{nameOf(st.node_id)}</button>
              <div className={summary?.tone === "error" ? "step-summary error" : "step-summary"}>{summary ? summary.text : fallbackSentence(st, n)}</div>
              <Rendered result={st.detail?.result} />
              {st.detail && typeof st.detail === "object" && Object.keys(st.detail).length > 0 && (
                <details className="step-raw">
                  <summary className="muted small">{rule ? "Why" : "Details"}</summary>
                  {rule ? <ExplainedRule node={rule} /> : <StepDetail detail={st.detail} />}
                </details>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
