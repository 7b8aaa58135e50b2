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
