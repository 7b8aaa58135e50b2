// Shows a step's detail: for decisions the explained rule in words (each condition as the rule
// builder says it, with the value the account had and the verdict, nested groups included); for
// other steps the detail's fields, readable, with the engine's own keys (effect key, node id,
// kind) under "Technical info".
import { useCatalog } from "../inspector/catalogContext.js";
import { KEYED, propertyType } from "../inspector/ruleModel.js";
import { describeCondition, valueWords } from "../catalog/ruleWords.js";
import { humanize, names } from "../graph/names.js";
import { detailWords, foldedKey, resultWords } from "./detailWords.js";
import { whenWords } from "./dates.js";

// What the engine keeps for itself: support staff rarely need them, so they wait behind a disclosure.
const TECHNICAL = new Set(["key", "node_id", "kind"]);

/** A detail value as a person reads it: lists joined, objects as "name: value · …", dates and
 *  moments as every page says them, no JSON. */
function show(v) {
  if (v === undefined) return "—";
  if (v === null) return "not set";
  if (Array.isArray(v)) return v.length ? v.map(show).join(", ") : "none";
  if (typeof v === "object") {
    return Object.entries(v).filter(([, x]) => x !== null && x !== undefined)
      .map(([k, x]) => `${humanize(k).toLowerCase()}: ${show(x)}`).join(" · ");
  }
  return whenWords(v) ?? String(v);
}

const isExplained = (node) => node && typeof node === "object" && "verdict" in node
  && (Array.isArray(node.all) || Array.isArray(node.any) || "not" in node || "property" in node);

function Verdict({ ok }) {
  return <span className={ok ? "verdict yes" : "verdict no"} aria-label={ok ? "true" : "false"}>{ok ? "✓" : "✗"}</span>;
}

/** Renders an explain() tree: {all|any: [...], verdict} | {not, verdict} | {property, op, value, actual, verdict}. */
export function ExplainedRule({ node }) {
  if (Array.isArray(node.all) || Array.isArray(node.any)) {
    const kind = Array.isArray(node.all) ? "all" : "any";
    return (
      <div className="explained-group">
        <Verdict ok={node.verdict} /> {kind === "all" ? "ALL of:" : "ANY of:"}
        <ul className="conditions">{node[kind].map((c, i) => <li key={i}><ExplainedRule node={c} /></li>)}</ul>
      </div>
    );
  }
  if ("not" in node) {
    return <div className="explained-group"><Verdict ok={node.verdict} /> NOT: <ExplainedRule node={node.not} /></div>;
  }
  return <ExplainedCondition node={node} />;
}

/** "Logins in the last 30 days is at least 10 — was 0" (a membership's verdict says it all). */
function ExplainedCondition({ node }) {
  const catalog = useCatalog();
  const { actual } = node;
  let was = null;
  if (!KEYED[node.property]) {
    if (actual === undefined || actual === null) was = "not set";
    else if (typeof actual === "object" && !Array.isArray(actual)) was = show(actual);
    else was = valueWords(actual, propertyType(node.property, catalog));
  }
  return (
    <span>
      <Verdict ok={node.verdict} /> {describeCondition(node, catalog)}
      {was !== null && <span className="muted"> — was {was}</span>}
    </span>
  );
}

/** One field's value: in the editor's words when there are some (detailWords), else as it is. */
function FieldValue({ detail, k, v, n }) {
  if (isExplained(v?.rule)) return <ExplainedRule node={v.rule} />;
  if (k === "result" && v && typeof v === "object" && !Array.isArray(v)) return resultWords(v, show, n);
  return detailWords(detail, k, v, n) ?? show(v);
}

export default function StepDetail({ detail }) {
  const catalog = useCatalog();
  if (detail === undefined || detail === null || (typeof detail === "object" && !Object.keys(detail).length)) return null;
  if (typeof detail !== "object") return <div className="step-detail">{show(detail)}</div>;
  const n = names(catalog);
  const rule = isExplained(detail.rule) ? detail.rule : null;
  const entries = Object.entries(detail).filter(([k]) => !(rule && (k === "rule" || k === "verdict")));
  const rest = entries.filter(([k, v]) => !TECHNICAL.has(k) && v !== null && v !== undefined && !foldedKey(detail, k));
  const technical = entries.filter(([k]) => TECHNICAL.has(k));
  return (
    <div className="step-detail">
      {rule && <ExplainedRule node={rule} />}
      {rest.length > 0 && (
        <dl className="detail-list">
          {rest.map(([k, v]) => (
            <div key={k}><dt>{humanize(k)}</dt><dd><FieldValue detail={detail} k={k} v={v} n={n} /></dd></div>
          ))}
        </dl>
      )}
      {technical.length > 0 && (
        <details className="step-technical">
          <summary className="muted small">Technical info</summary>
          <div className="technical-list small">
            {technical.map(([k, v]) => <div key={k}><code>{k}</code> {show(v)}</div>)}
          </div>
        </details>
      )}
    </div>
  );
}
