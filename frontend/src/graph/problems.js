// Validation problems (SPEC §2: {code, message, node_id, edge}) in words an admin acts on.
// The server's messages name JSON paths ("config.segments must be a non-empty list of keys");
// the common ones a half-configured step produces get a plain sentence saying what to do.
import { propertyLabel } from "../catalog/ruleWords.js";
import { attributeLabel } from "./names.js";
import { branchCaption } from "./handles.js";

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

export const UNREACHABLE_VIA_PARENT = "Not reachable from the entry: the step before it is not connected.";

const BY_CODE = {
  email_content: "Choose a template, or write a subject and a body.",
  unreachable_node: "Nothing leads to this step yet: connect it from a step above.",
  cycle: "These steps loop back: a journey must always move forward.",
  no_entry: "Add an Entry step: it says which accounts enter the journey.",
  edge_from_end: "An End step finishes the journey: nothing can follow it.",
};

// empty_rule (SPEC §12): a rule with no conditions, said for the rule the message names.
// "rule" alone is a segment's (the catalog API names its rule without "config.").
const EMPTY_RULE = {
  rule: "Add at least one condition: it says which accounts are in the segment.",
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

// A condition's value that does not fit its operator (graph_engine.rulespec.value_problem and
// rulecheck's keyed checks), after "<path> (<property>): ": what to type or choose instead.
const CONDITION_VALUE = [
  [/^between needs \[low, high\] numbers$/, () => "type both numbers, the lowest and the highest"],
  [/^\w+ needs a number$/, () => "type a number to compare with"],
  [/^\w+ needs a non-empty list of texts$/, () => "type at least one value"],
  [/^\w+ needs a text$/, () => "type a text to compare with"],
  [/^\w+ needs \{"days": N\} with N >= 0$/, () => "type a number of days, 0 or more"],
  [/^between needs \[from, to\] dates$/, () => "choose both dates"],
  [/^\w+ needs an ISO date or /, () => "choose a date"],
  [/^value must be a (\w+) key$/, (m) => `choose a ${m[1]}`],
  [/^value must be a staff email$/, () => "choose a staff member"],
  [/^no (segment|milestone|outcome|playbook) '(.*)'$/, (m) => `there is no ${m[1]} “${m[2]}” any more: choose another`],
  [/^no staff user '(.*)'$/, (m) => `there is no staff member “${m[1]}” any more: choose another`],
];

// "config.rule.all[0] (custom.logins_30d): gte needs a number" → "Logins in the last 30 days:
// type a number to compare with." Not translated: "<label>: <the server's words>".
function conditionProblem(message, catalog) {
  const m = /^(?:config\.)?(?:rule|blacklist|until_rule\.rule)\b[\w.[\]]*\s*\(([^)]+)\): (.*)$/.exec(message);
  if (!m) return null;
  const label = propertyLabel(m[1], catalog);
  for (const [pattern, say] of CONDITION_VALUE) {
    const found = pattern.exec(m[2]);
    if (found) return `${label}: ${say(found)}.`;
  }
  return `${label}: ${m[2]}`;
}

// Numbers below their floor (schema.k_int: "must be >= N"), named by the field's label.
const UNITS = { days: "Days", hours: "Hours", minutes: "Minutes" };

function numberTooLow(message) {
  const wait = /^config\.for\.(days|hours|minutes) must be >= 0$/.exec(message);
  if (wait) return `${UNITS[wait[1]]}: type 0 or more.`;
  if (/^config\.until_(?:rule|event)\.timeout\.days must be >= 0$/.test(message)) return "Time limit: type 0 days or more.";
  if (/^config\.reenroll\.days must be (?:>= 1|at least 1)$/.test(message)) return "Re-enroll after (days): type 1 or more.";
  return null;
}

// The journey's send window (graph_engine/send_window.py window_problems, "settings." in front):
// what to change in the journey settings, where the field says it too.
const SEND_WINDOW = [
  [/^send_window\.days\b/, "Send window: pick at least one day."],
  [/^send_window\.start must be a time/, "Send window: type the time it opens (HH:MM)."],
  [/^send_window\.end must be a time/, "Send window: type the time it closes (HH:MM)."],
  [/^send_window\.start must be before/, "Send window: it must open before it closes, on the same day (it cannot run over midnight)."],
  [/^send_window\.timezone /, "Send window: choose a time zone such as Europe/Berlin, or tick “In each account's time zone”."],
];

/** The send window's problem in words, or null (the message without or with "settings."). */
export function sendWindowProblem(message) {
  const m = String(message ?? "").replace(/^settings\./, "");
  if (!m.startsWith("send_window")) return null;
  for (const [pattern, words] of SEND_WINDOW) if (pattern.test(m)) return words;
  return `Send window: ${m.replace(/^send_window[.:]\s*/, "")}.`;
}

// Task due days (schema.k_int on config.due_in_days): empty, a fraction, or below 0.
export const DUE_DAYS_WORDS = "Due in: type a whole number of days, 0 or more.";

const STEP_WORDS = { condition: "decision", wait: "wait", split: "split" };

// "branch 'timeout' has no edge" (validate_graph): the path by the caption the canvas shows on
// it ("Timed out", "No", a split's own path name), for the node when it is known.
function missingBranch(message, node) {
  const m = /^branch '(.*)' has no edge$/.exec(message);
  if (!m) return null;
  const guessed = ["yes", "no"].includes(m[1]) ? "condition" : ["met", "timeout"].includes(m[1]) ? "wait" : "split";
  const type = node?.type || guessed;
  return `Connect the “${branchCaption(type, m[1], node?.data?.config)}” path of this ${STEP_WORDS[type] || "step"} to a next step.`;
}

// A webhook's address (graph_engine/webhook_config.py: _url).
function badUrl(message) {
  if (message === "config.url must be an http(s) URL") return "Type the web address to call, starting with https:// (or http://).";
  const scheme = /^config\.url '(.*)' must start with http:\/\/ or https:\/\/ and name a host$/.exec(message);
  if (scheme) return `“${scheme[1]}” is not a web address: it must start with https:// (or http://) and name a host.`;
  const other = /^config\.url (.+)$/.exec(message);
  return other ? `Web address: ${other[1]}.` : null;
}

// A field only checked write paths set (graph_engine/catalog.py WRITABLE_ACCOUNT_FIELDS).
function notWritable(message, catalog) {
  const m = /^(\S+) cannot be changed by a journey$/.exec(message);
  return m ? `A journey cannot change ${attributeLabel(m[1], catalog)}: choose another attribute.` : null;
}

/**
 * The sentence to show for one problem; `catalog` (optional) names a condition's property by
 * its label, as the rule builder does; `node` (optional, the canvas node the problem is on)
 * names a missing path as the canvas labels it; `hasIncoming` (a line leads into that node) says
 * an unreachable step's parent is what is cut off. Anything not translated keeps the server's words.
 */
export function plainProblem(problem, catalog = {}, node = null, { hasIncoming = false } = {}) {
  const message = String(problem?.message ?? "");
  if (problem?.code === "empty_rule") return emptyRule(message);
  // Connected, yet unreachable: it is a step before it that nothing leads to.
  if (problem?.code === "unreachable_node" && hasIncoming) return UNREACHABLE_VIA_PARENT;
  const window = sendWindowProblem(message);
  if (window) return window;
  if (/^config\.due_in_days must be (a whole number|>= 0)$/.test(message)) return DUE_DAYS_WORDS;
  const said = missingBranch(message, node) || badUrl(message) || notWritable(message, catalog);
  if (said) return said;
  const from = badFrom(message);
  if (from) return from;
  const empty = /^config\.(\w+) must be a non-empty/.exec(message);
  if (empty && EMPTY_FIELD[empty[1]]) return EMPTY_FIELD[empty[1]];
  if (BY_CODE[problem?.code]) return BY_CODE[problem.code];
  if (/^config\.for must last longer than zero/.test(message)) return "Wait for at least a minute.";
  const low = numberTooLow(message);
  if (low) return low;
  const condition = conditionProblem(message, catalog);
  if (condition) return condition;
  return message.replace(/^config\./, "");
}
