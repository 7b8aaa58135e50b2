// The node kinds an admin can place, in plain words, with their starting configs.
// A "kind" is a journey node type, or for actions the action name (send_email, ...).

export const ACTION_KINDS = [
  { kind: "send_email", label: "Send email", hint: "Email the account's contacts or its CSM",
    config: () => ({ action: "send_email", to: { contacts: "all" }, from: "csm" }) },
  { kind: "create_task", label: "Human intervention task", hint: "Create a task for a person",
    config: () => ({ action: "create_task", title: "", assignee: "csm", due_in_days: 3, priority: "medium" }) },
  { kind: "assign_csm", label: "Assign CSM", hint: "Give the account a customer success manager",
    config: () => ({ action: "assign_csm", strategy: "round_robin", pool: [] }) },
  { kind: "assign_playbook", label: "Assign playbook", hint: "Enroll the account in a playbook",
    config: () => ({ action: "assign_playbook", playbook: "" }) },
  { kind: "set_attribute", label: "Set attribute", hint: "Give an account field a value",
    config: () => ({ action: "set_attribute", attribute: "", value: "" }) },
  { kind: "copy_attribute", label: "Copy attribute", hint: "Copy one field's value into another",
    config: () => ({ action: "copy_attribute", from: "", to: "" }) },
  { kind: "clear_attribute", label: "Clear attribute", hint: "Empty an account field",
    config: () => ({ action: "clear_attribute", attribute: "" }) },
  { kind: "increase_attribute", label: "Increase attribute", hint: "Add a number to a numeric field",
    config: () => ({ action: "increase_attribute", attribute: "", by: 1 }) },
  { kind: "webhook", label: "Webhook", hint: "Call another system over HTTP (Slack, a CRM, billing)",
    config: () => ({ action: "webhook", method: "POST", url: "" }) },
];

export const NODE_KINDS = [
  { kind: "entry", type: "entry", label: "Entry", hint: "Which accounts enter the journey", unique: true,
    config: () => ({ segments: [], reenroll: { mode: "never" }, enroll_existing: false }) },
  ...ACTION_KINDS.map((a) => ({ ...a, type: "action" })),
  { kind: "condition", type: "condition", label: "Decision (IF/ELSE)", hint: "Take the yes or no path",
    config: () => ({ rule: { all: [] } }) },
  { kind: "wait", type: "wait", label: "Wait", hint: "Pause before the next step",
    config: () => ({ for: { days: 1, hours: 0, minutes: 0 } }) },
  { kind: "split", type: "split", label: "Random split (A/B)", hint: "Send accounts down paths at random",
    config: () => ({ weights: { a: 50, b: 50 } }) },
  { kind: "end", type: "end", label: "End", hint: "The journey is complete here", config: () => undefined },
  { kind: "goal", type: "goal", label: "Goal", hint: "What success looks like", unique: true,
    config: () => ({ rule: { all: [] } }) },
  { kind: "exit", type: "exit", label: "Exit criteria", hint: "When accounts leave early", unique: true,
    config: () => ({ on_goal: "complete", on_enroll_unenroll_from: { mode: "none" }, on_segment_exit: "nothing", blacklist: null }) },
];

const BY_KIND = Object.fromEntries(NODE_KINDS.map((k) => [k.kind, k]));

/** Returns the palette kind entry ({kind, type, label, config()}) for a kind name, or undefined. */
export function kindInfo(kind) {
  return BY_KIND[kind];
}

/** The kind name of a journey node: its action name for actions, else its type. */
export function kindOfNode(type, config) {
  if (type === "action") return config?.action || "action";
  return type;
}

/** Plain-words label of a node's kind ("Send email", "Decision (IF/ELSE)", ...). */
export function kindLabel(type, config) {
  const info = BY_KIND[kindOfNode(type, config)];
  if (info) return info.label;
  return type === "action" ? "Action" : type;
}

/** What the admin calls a canvas step: its label, else its kind's label. */
export function stepName(node) {
  return node.data?.label || kindLabel(node.type, node.data?.config);
}

/** Types that may appear only once in a graph. */
export const UNIQUE_TYPES = new Set(["entry", "goal", "exit"]);

/** Types that stand apart from the flow: no edges in or out. */
export const DETACHED_TYPES = new Set(["goal", "exit"]);
