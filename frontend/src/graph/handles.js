// Which source handles (branch labels) a journey node offers. null = the single unlabeled output.

/**
 * Returns the list of source handle ids for a node of `type` with `config`:
 * [] for nodes without outputs, [null] for one unlabeled output, or branch labels.
 */
export function sourceHandlesFor(type, config) {
  switch (type) {
    case "entry":
    case "action":
      return [null];
    case "condition":
      return ["yes", "no"];
    case "wait":
      return config && (config.until_rule || config.until_event) ? ["met", "timeout"] : [null];
    case "split":
      return Object.keys((config && config.weights) || {});
    default:
      return [];
  }
}

/** True when a node of this type accepts incoming edges. */
export function hasTargetHandle(type) {
  return type !== "entry" && type !== "goal" && type !== "exit";
}

/** Plain-words caption for a branch handle (`config` tells a wait for an event from one for a rule). */
export function branchCaption(type, branch, config) {
  if (branch === null || branch === undefined) return "";
  if (type === "condition") return branch === "yes" ? "Yes" : branch === "no" ? "No" : branch;
  if (type === "wait" && branch === "met") return config?.until_event ? "Happened" : "Rule met";
  if (type === "wait") return branch === "timeout" ? "Timed out" : branch;
  return branch;
}
