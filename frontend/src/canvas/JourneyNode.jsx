// The canvas card for every journey node type: kind, name, summary, labelled output handles,
// validation problems, and path/live overlays (badges over the card's edges: they never change its height).
import { memo } from "react";
import { Handle, Position } from "@xyflow/react";
import { useEditor } from "../store/editorStore.js";
import { branchCaption, hasTargetHandle, sourceHandlesFor } from "../graph/handles.js";
import { kindLabel } from "../graph/nodeKinds.js";
import { summarize } from "../graph/summary.js";
import { useCatalog } from "../inspector/catalogContext.js";
import { plainProblem } from "../graph/problems.js";
import { emailBadgeWords, emailCountWords, pathVisits, stepReason } from "./overlay.js";
import { outcomeWords, summarizeStep } from "../pages/stepSummary.js";
import { momentWords } from "../components/dates.js";

function useHandles(id, type, config) {
  const edges = useEditor((s) => s.edges);
  const allowed = sourceHandlesFor(type, config);
  const extra = [];
  for (const e of edges) {
    const h = e.sourceHandle ?? null;
    if (e.source === id && !allowed.includes(h) && !extra.includes(h)) extra.push(h);
  }
  return { allowed, extra };
}

/** A step of a path in one line: when, outcome, and why ("Day 3 · no · Logins = 2 ✗"); a move
 *  says where from and to by the steps' names (`nodeName(version, id)`), never their ids. */
export function stepText(step, catalog, nodeName) {
  const when = step.day !== undefined ? `Day ${step.day}` : momentWords(step.at);
  const reason = step.type === "migration"
    ? summarizeStep(step, { catalog, nodeName })?.text || ""
    : stepReason(step.detail, 2, catalog);
  return [when, outcomeWords(step), reason].filter(Boolean).join(" · ");
}

/** The path badges of a node from its visits (overlay.pathVisits, this node's only): the latest
 *  visit's outcome — with how many visits when the account came back ("2 visits · done") — and
 *  when, as [left, right]. A wait's "waiting" then "done" is one visit, not two. */
export function pathBadges(visits) {
  const lastVisit = visits[visits.length - 1];
  const last = lastVisit.steps[lastVisit.steps.length - 1];
  const outcome = outcomeWords(last) || "here";
  return [visits.length > 1 ? `${visits.length} visits · ${outcome}` : outcome,
    // this year's moments without the year, so the time fits: "7 Dec, 18:31"
    last.day !== undefined ? `Day ${last.day}` : momentWords(last.at).replace(` ${new Date().getFullYear()},`, ",")];
}

/** The badges' title: every step here, by visit when there are several ("Visit 2: …"). */
export function pathTitle(visits, catalog, nodeName) {
  const lines = [];
  for (const visit of visits) {
    for (const step of visit.steps) {
      lines.push(`${visits.length > 1 ? `Visit ${visit.number}: ` : ""}${stepText(step, catalog, nodeName)}`);
    }
  }
  return lines.join("\n");
}

function JourneyNode({ id, type, data, selected }) {
  const config = data.config;
  const catalog = useCatalog();
  const { allowed, extra } = useHandles(id, type, config);
  const allProblems = useEditor((s) => s.problems);
  const problems = allProblems.filter((p) => p.node_id === id);
  const hasIncoming = useEditor((s) => s.edges.some((e) => e.target === id));
  const overlay = useEditor((s) => s.overlay);
  const visits = overlay?.kind === "path" ? pathVisits(overlay.steps).filter((v) => v.node_id === id) : [];
  const steps = visits.flatMap((v) => v.steps);
  const live = overlay?.kind === "live" ? overlay.stats?.nodes?.[id] : null;
  const changed = overlay?.kind === "diff" ? overlay.marks?.[id] : null;
  const handles = [...allowed, ...extra];
  const classes = ["jnode", `jnode-${type}`];
  if (selected) classes.push("selected");
  if (problems.length) classes.push("has-problem");
  if (steps.length) classes.push("on-path");
  // where the account's walk failed (it waits there for Retry): red, not the path's green
  const failedHere = steps.length > 0 && steps[steps.length - 1].outcome === "failed";
  if (failedHere) classes.push("path-failed");
  if (overlay?.kind === "path" && !steps.length) classes.push("off-path");
  if (changed) classes.push(`diff-${changed.kind}`);

  return (
    <div className={classes.join(" ")} data-testid={`node-${id}`} title={problems.map((p) => plainProblem(p, catalog, { type, data }, { hasIncoming })).join("\n") || undefined}>
      {hasTargetHandle(type) && <Handle type="target" position={Position.Top} />}
      <div className="jnode-kind">{kindLabel(type, config)}</div>
      <div className="jnode-title">{data.label || kindLabel(type, config)}</div>
      <div className="jnode-summary">{summarize(type, config, catalog)}</div>
      {problems.length > 0 && (
        <div className="jnode-problem" role="note">⚠ {problems.length === 1 ? plainProblem(problems[0], catalog, { type, data }, { hasIncoming }) : `${problems.length} problems: see the Problems tab`}</div>
      )}
      {/* Overlays are badges over the card's top and bottom edges, one line each (cut with an
          ellipsis, the whole text on hover): they never make the card taller, so it never covers
          the next step or the line to it. The middle of each edge stays clear for the handles. */}
      {steps.length > 0 && (
        <div className="jnode-path" aria-label={`Path: ${pathTitle(visits, catalog, overlay.nodeName).split("\n").join("; ")}`}
          title={pathTitle(visits, catalog, overlay.nodeName)}>
          {pathBadges(visits).map((text, i) => (
            text ? <span key={i} className={`jnode-badge jnode-step top ${i ? "right" : "left"}${failedHere ? " failed" : ""}`}>{text}</span> : null
          ))}
        </div>
      )}
      {/* A version's change is a badge too (the words it can fit; all of them in its title), so
          viewing a version draws every step at its own size, where the draft draws it. */}
      {changed && (
        <div className={`jnode-diff ${changed.kind}`} data-testid={`diff-${id}`}
          title={changed.kind === "added" ? `New in version ${overlay.version}` : `Changed in version ${overlay.version}:\n${changed.detail || changed.words}`}>
          <span className={`jnode-badge jnode-diff-badge ${changed.kind} top left`}>{changed.kind === "added" ? "New step" : "Changed"}</span>{" "}
          <span className={`jnode-badge jnode-diff-badge ${changed.kind} top right`}>{changed.kind === "added" ? `in version ${overlay.version}` : changed.words || "settings"}</span>
        </div>
      )}
      {live && (
        <div className="jnode-live-counts" aria-label="Live counts"
          title={`${live.now ?? 0} here now · ${live.passed ?? 0} passed (each visit counts: an account that came back is counted again; the Live tab counts accounts)${live.failed > 0 ? ` · ${live.failed} failed (the Live tab lists them, with Retry)` : ""}`}>
          <span className="jnode-badge jnode-live left top">{live.now ?? 0} here now</span>
          <span className="jnode-badge jnode-live right top">{live.passed ?? 0} passed
            {live.failed > 0 && <span className="error"> · {live.failed} failed</span>}</span>
        </div>
      )}
      {live?.emails && (
        <div className="jnode-emails" role="group" aria-label="Email engagement"
          title={`${emailCountWords(live.emails)}\nEmails from this step, each counted once. Emailed: the mail server took it. Queued: waiting to go out. Kept: no mail server is set up, so it stays in the Outbox.`}>
          {emailBadgeWords(live.emails).map((text, i) => (
            <span key={i} className={`jnode-badge jnode-live bottom ${i ? "right" : "left"}`}>{text}</span>
          ))}
        </div>
      )}
      {handles.length > 0 && (
        <div className="jnode-outputs">
          {handles.map((h, i) => {
            const left = `${((i + 1) * 100) / (handles.length + 1)}%`;
            const bad = extra.includes(h);
            return (
              <div key={h ?? "out"} className={bad ? "jnode-out bad" : "jnode-out"} style={{ left }}>
                {h !== null && <span className="jnode-out-label">{branchCaption(type, h, config)}</span>}
                <Handle type="source" position={Position.Bottom} id={h ?? undefined} style={{ left: "50%" }}
                  aria-label={h === null ? "Next step" : `Output ${branchCaption(type, h, config)}`} />
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}

export default memo(JourneyNode);
