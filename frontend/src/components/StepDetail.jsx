// Shows a step's detail: for decisions the explained rule (each condition's actual value and
// verdict, nested groups included); for other steps the detail's fields.

function show(v) {
  if (v === undefined) return "—";
  if (v === null) return "not set";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
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
  return (
    <span>
      <Verdict ok={node.verdict} /> <code>{node.property}</code> {node.op}
      {node.value !== undefined && node.value !== null && <> <code>{show(node.value)}</code></>}
      {" "}— actual: <code>{show(node.actual)}</code>
    </span>
  );
}

export default function StepDetail({ detail }) {
  if (detail === undefined || detail === null || (typeof detail === "object" && !Object.keys(detail).length)) return null;
  if (typeof detail !== "object") return <div className="step-detail">{show(detail)}</div>;
  const rule = isExplained(detail.rule) ? detail.rule : null;
  const rest = Object.entries(detail).filter(([k]) => !(rule && (k === "rule" || k === "verdict")));
  return (
    <div className="step-detail">
      {rule && <ExplainedRule node={rule} />}
      {rest.length > 0 && (
        <dl className="detail-list">
          {rest.map(([k, v]) => (
            <div key={k}><dt>{k}</dt><dd>{isExplained(v?.rule) ? <ExplainedRule node={v.rule} /> : show(v)}</dd></div>
          ))}
        </dl>
      )}
    </div>
  );
}
