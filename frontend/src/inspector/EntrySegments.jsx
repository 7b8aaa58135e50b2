// The Entry panel's chosen segments: each one's rule in plain words, its member count now, and a
// link to its screen in the catalog (where it can be changed).
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { listSegments } from "../api/catalog.js";
import { describeRule } from "../catalog/ruleWords.js";
import { useCatalog } from "./catalogContext.js";

const accounts = (n) => `${n} account${n === 1 ? "" : "s"}`;

export default function EntrySegments({ keys }) {
  const catalog = useCatalog();
  const [segments, setSegments] = useState(null);
  const [error, setError] = useState(null);
  const wanted = keys.length > 0;
  useEffect(() => {
    if (!wanted) return undefined;
    let alive = true;
    listSegments().then((s) => alive && setSegments(s)).catch((e) => alive && setError(e.message));
    return () => { alive = false; };
  }, [wanted]);
  if (!wanted) return null;
  if (error) return <p className="error small" role="alert">Could not load the segments' rules: {error}</p>;
  if (!segments) return <p className="muted small">Loading the segments' rules…</p>;
  return (
    <ul className="entry-segments" aria-label="Chosen segments">
      {keys.map((key) => {
        const s = segments.find((x) => x.key === key);
        if (!s) return <li key={key}><strong>{key}</strong> <span className="error small">No such segment (deleted?).</span></li>;
        return (
          <li key={key}>
            <Link to={`/catalog/segments/${encodeURIComponent(key)}`}><strong>{s.name}</strong></Link>
            {" · "}<span data-testid="segment-members">{accounts(s.accounts)} now</span>
            <div className="small">Accounts are in it when {describeRule(s.rule, catalog)}.</div>
          </li>
        );
      })}
    </ul>
  );
}
