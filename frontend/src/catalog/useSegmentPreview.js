// The segment editor's live preview: POST /api/segments/preview a moment after the rule stops
// changing; answers from older rules are dropped.
import { useEffect, useState } from "react";
import { previewSegment } from "../api/admin.js";
import { problemList } from "./apiErrors.js";
import { hasConditions } from "./ruleWords.js";

const DELAY_MS = 400;

/**
 * {state: "empty" | "loading" | "ready" | "invalid" | "error", count, sample, problems, message}.
 * "empty": the rule has no conditions yet (nothing is asked).
 */
export function useSegmentPreview(rule, key) {
  const [result, setResult] = useState({ state: "empty" });
  const ruleText = JSON.stringify(rule ?? null);
  useEffect(() => {
    const parsed = JSON.parse(ruleText);
    if (!hasConditions(parsed)) {
      setResult({ state: "empty" });
      return undefined;
    }
    let alive = true;
    setResult((r) => ({ ...r, state: "loading" }));
    const timer = setTimeout(() => {
      previewSegment(parsed, key)
        .then((body) => alive && setResult({ state: "ready", count: body.count, sample: body.sample || [] }))
        .catch((e) => alive && setResult(e.status === 422
          ? { state: "invalid", message: e.message, problems: problemList(e) }
          : { state: "error", message: e.message }));
    }, DELAY_MS);
    return () => { alive = false; clearTimeout(timer); };
  }, [ruleText, key]);
  return result;
}
