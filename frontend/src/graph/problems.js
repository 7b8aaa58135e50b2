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

// empty_rule (SPEC §12): a rule with no conditions, said for the rule the message names.
const EMPTY_RULE = {
  "config.rule": "Add at least one condition: with none, every account would be treated the same.",
  "config.until_rule.rule": "Add at least one condition for this wait to watch for.",
  "config.blacklist": "Add a blacklist condition, or switch the blacklist off.",
};

function emptyRule(message) {
  const whole = /^([\w.]+): the rule has no conditions/.exec(message);
  if (whole) return EMPTY_RULE[whole[1]] ?? "Add at least one condition to this rule.";
  return "A group in this rule has no conditions: add one, or remove the group.";
}

export const FROM_ADDRESS_EMPTY = "Type the address the email is sent from.";

// A send_email "from" that is not an address: empty while "Another address" waits for one.
function badFrom(message) {
  const bad = /^config\.from '(.*)' is not an email address$/.exec(message);
  if (!bad) return null;
  return bad[1].trim() ? `“${bad[1]}” is not an email address: type the address the email is sent from.` : FROM_ADDRESS_EMPTY;
}

/** The sentence to show for one problem. */
export function plainProblem(problem) {
  const message = String(problem?.message ?? "");
  if (problem?.code === "empty_rule") return emptyRule(message);
  const from = badFrom(message);
  if (from) return from;
  const empty = /^config\.(\w+) must be a non-empty/.exec(message);
  if (empty && EMPTY_FIELD[empty[1]]) return EMPTY_FIELD[empty[1]];
  if (BY_CODE[problem?.code]) return BY_CODE[problem.code];
  if (/^config\.for must last longer than zero/.test(message)) return "Wait for at least a minute.";
  const rule = /^config\.(?:rule|blacklist|until_rule\.rule)\.(?:\w+\[\d+\]\.?)+\s*(\(.*)$/.exec(message);
  if (rule) return `Condition ${rule[1]}`;
  return message.replace(/^config\./, "");
}
