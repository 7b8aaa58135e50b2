// Validation problems (SPEC §2: {code, message, node_id, edge}) in words an admin acts on.
// The server's messages name JSON paths ("config.segments must be a non-empty list of keys");
// the common ones a half-configured step produces get a plain sentence saying what to do.

const EMPTY_FIELD = {
  segments: "Choose at least one segment.",
  template: "Choose a template.",
  title: "Give the task a title.",
  pool: "Choose the CSMs to pick from.",
  user: "Choose the CSM to assign.",
  playbook: "Choose a playbook.",
  attribute: "Choose an attribute.",
  from: "Choose the attribute to copy from.",
  to: "Choose the attribute to copy to.",
  weights: "Give each path a weight.",
};

const BY_CODE = {
  email_content: "Choose a template, or write a subject and a body.",
  unreachable_node: "Nothing leads to this step yet: connect it from a step above.",
  cycle: "These steps loop back: a journey must always move forward.",
  no_entry: "Add an Entry step: it says which accounts enter the journey.",
  edge_from_end: "An End step finishes the journey: nothing can follow it.",
};

/** The sentence to show for one problem. */
export function plainProblem(problem) {
  const message = String(problem?.message ?? "");
  const empty = /^config\.(\w+) must be a non-empty/.exec(message);
  if (empty && EMPTY_FIELD[empty[1]]) return EMPTY_FIELD[empty[1]];
  if (BY_CODE[problem?.code]) return BY_CODE[problem.code];
  if (/^config\.for must last longer than zero/.test(message)) return "Wait for at least a minute.";
  const rule = /^config\.(?:rule|blacklist|until_rule\.rule)\.(?:\w+\[\d+\]\.?)+\s*(\(.*)$/.exec(message);
  if (rule) return `Condition ${rule[1]}`;
  return message.replace(/^config\./, "");
}
