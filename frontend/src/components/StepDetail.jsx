// Shows a step's detail: each condition's actual value and verdict when present, else the raw detail.

function show(v) {
  if (v === undefined) return "—";
  if (v === null) return "not set";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

function conditionsOf(detail) {
  if (!detail || typeof detail !== "object") return null;
  const list = detail.conditions || detail.checks || detail.explain;
  return Array.isArray(list) ? list : null;
}

export default function StepDetail({ detail }) {
  if (detail === undefined || detail === null || (typeof detail === "object" && !Object.keys(detail).length)) return null;
  const conditions = conditionsOf(detail);
  const rest = conditions ? Object.fromEntries(Object.entries(detail).filter(([k]) => !["conditions", "checks", "explain"].includes(k))) : detail;
  return (
    <div className="step-detail">
      {conditions && (
        <ul className="conditions">
          {conditions.map((c, i) => {
            const verdict = c.result ?? c.verdict ?? c.ok ?? c.met;
            return (
              <li key={i} className={verdict ? "cond-true" : "cond-false"}>
                <span aria-label={verdict ? "true" : "false"}>{verdict ? "✓" : "✗"}</span>{" "}
                <code>{c.property}</code> {c.op} {c.value !== undefined && <code>{show(c.value)}</code>}
                {" "}— actual: <code>{show(c.actual ?? c.actual_value)}</code>
              </li>
            );
          })}
        </ul>
      )}
      {rest && typeof rest === "object" && Object.keys(rest).length > 0 && (
        <dl className="detail-list">
          {Object.entries(rest).map(([k, v]) => (
            <div key={k}><dt>{k}</dt><dd>{show(v)}</dd></div>
          ))}
        </dl>
      )}
      {typeof rest !== "object" && <span>{show(rest)}</span>}
    </div>
  );
}
