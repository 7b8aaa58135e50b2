// Enrollment statuses (SPEC §4) in plain words for people; the API keeps the codes.
const LABELS = {
  active: "Active",
  completed: "Completed",
  goal_exited: "Left: goal achieved",
  unenrolled: "Unenrolled",
  failed: "Failed",
};

/** "goal_exited" → "Left: goal achieved"; unknown codes are shown as they are. */
export const enrollmentStatusLabel = (status) => LABELS[status] || status;

// Why an enrollment ended (its `reason`): graph_engine's walk ("no_edge", "no_branch", "end",
// "goal", "blacklist", "segment_exit"), the backend's failures ("action_failed", "email_failed",
// "webhook_failed"), an unenroll by hand ("manual") and "enrolled in <journey key>" (another
// journey's exit rule). Unknown reasons are shown as they are.
const REASONS = {
  no_edge: "reached the end",
  no_branch: "reached the end of its path",
  end: "reached an End step",
  goal: "goal met",
  blacklist: "exit rule matched",
  segment_exit: "left the entry segment",
  action_failed: "an action failed",
  email_failed: "an email could not be sent",
  webhook_failed: "a webhook call failed",
  manual: "removed by hand",
};

/** "no_edge" → "reached the end"; "enrolled in renewals" → "enrolled in journey “Renewals”". */
export function enrollmentReasonLabel(reason, catalog = {}) {
  if (!reason) return "";
  if (REASONS[reason]) return REASONS[reason];
  const other = /^enrolled in (.+)$/.exec(reason);
  if (other) {
    const journey = (catalog.journeys || []).find((j) => j.key === other[1]);
    return `enrolled in journey “${journey?.name || other[1]}”`;
  }
  return reason;
}
