// Validation problems (SPEC §2: {code, message, node_id, edge}) in words an admin acts on.
// The server's messages name JSON paths ("config.segments must be a non-empty list of keys");
// the common ones a half-configured step produces get a plain sentence saying what to do.
import { propertyLabel } from "../catalog/ruleWords.js";
import { attributeLabel } from "./names.js";
import { branchCaption } from "./handles.js";

const EMPTY_FIELD = {
  segments: "Choose at least one segment, or add a product event the account does.",
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
  "config.blacklist": "Add an exit rule condition, or switch the exit rules off.",
};

function emptyRule(message, node) {
  const whole = /^([\w.]+): the rule has no conditions/.exec(message);
  // a goal's rule is "config.rule" as a decision's is, and says something else
  if (whole && whole[1] === "config.rule" && node?.type === "goal") return "Add at least one condition: it says when an account has reached the goal.";
  if (whole) return EMPTY_RULE[whole[1]] ?? "Add at least one condition to this rule.";
  return "A group in this rule has no conditions: add one, or remove the group.";
}

export const FROM_ADDRESS_EMPTY = "Choose the staff member the email is sent from.";

// A send_email "from" that is not an address: empty while "A staff member" waits for one.
function badFrom(message) {
  const bad = /^config\.from '(.*)' is not an email address$/.exec(message);
  if (!bad) return null;
  return bad[1].trim() ? `“${bad[1]}” is not a staff member's address: choose the staff member the email is sent from.` : FROM_ADDRESS_EMPTY;
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
  [/^within must be \{"days": N\} with 1 <= N <= (\d+)$/, (m) => `“in the last”: type 1 to ${m[1]} days, or leave it empty for ever`],
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

const EVENT_NAME_WORDS = "lower-case letters, digits, “.”, “_” or “-”, such as report.exported";

// Fields of a step's settings the server names by their JSON path (graph_engine/configs.py,
// bounds.py, webhook_config.py), said as the inspector labels them: [pattern, words or
// (match, node) => words]. A half-filled step produces these; none should show a path or a regex.
const STEP_FIELDS = [
  // send_email: who receives it (configs._email_to) and a written email's two parts
  [/^config\.to must be \{/, (_m, node) => (node?.data?.config?.to?.contacts?.role !== undefined
    ? "Contact role: type the role of the contacts to email (such as billing)."
    : "Choose who receives the email.")],
  [/^config\.to '' is not an email address$/, "Choose the staff member to email."],
  [/^config\.to '(.+)' is not an email address$/, (m) => `“${m[1]}” is not a staff member's email: choose the staff member to email.`],
  [/^config\.subject must be a non-empty text$/, "Type the email's subject."],
  [/^config\.body must be a non-empty text$/, (_m, node) => (node?.data?.config?.action === "webhook" ? null : "Type the email's body.")],
  // assign_csm with "A named person" and nobody chosen yet
  [/^config\.user '.*' is not an email address$/, "Choose the CSM to assign."],
  // copy_attribute between attributes of two kinds
  [/^cannot copy an? (\w+) into an? (\w+)$/, (m) => `Copy from is a ${m[1]} and Copy to a ${m[2]}: choose two attributes of the same kind.`],
  // set_attribute / increase_attribute with the number field emptied
  [/^config\.value must be a number, text, boolean/, "New value: type a value."],
  [/^config\.value must be a finite number/, "New value: type a smaller number."],
  [/^config\.by must be a number$/, "Increase by: type a number (negative to decrease)."],
  [/^config\.by must be a finite number/, "Increase by: type a smaller number."],
  // entry: its product events, and re-enrollment
  [/^config\.events\[(\d+)\]\.name must be a non-empty text$/, (m) => `Entry event ${Number(m[1]) + 1}: type the event's name (such as login).`],
  [/^config\.events\[(\d+)\]\.name must match /, (m) => `Entry event ${Number(m[1]) + 1}: an event name is ${EVENT_NAME_WORDS}.`],
  [/^config\.reenroll\.days must be a whole number$/, "Re-enroll after (days): type a whole number of days."],
  [/^config\.reenroll\.days may be at most (\d+)/, (m) => `Re-enroll after (days): at most ${m[1]} (ten years).`],
  // wait: each kind's fields
  [/^config\.until_event\.name must be a non-empty text$/, "Event to wait for: type the event's name (such as login)."],
  [/^config\.until_event\.name must match /, `Event to wait for: an event name is ${EVENT_NAME_WORDS}.`],
  [/^config\.until_date\.property must be a non-empty text$/, "Date field: choose the date to wait for."],
  [/^config\.until_date\.offset\.days must be a whole number$/, "Offset in days: type a whole number (negative = before the date)."],
  [/^config\.until_date\.offset\.days must be within ±(\d+)/, (m) => `Offset in days: at most ${m[1]} days (ten years) either way.`],
  [/^config\.until_(?:rule|event)\.timeout\.days must be a whole number$/, "Time limit: type a whole number of days for the “Timed out” path."],
  [/^config\.until_(?:rule|event)\.timeout must last longer than zero$/, "Time limit: type 1 day or more for the “Timed out” path."],
  [/^config\.until_(?:rule|event)\.timeout may last at most (\d+)/, (m) => `Time limit: at most ${m[1]} days (ten years).`],
  [/^config\.for may last at most (\d+)/, (m) => `A wait lasts at most ${m[1]} days (ten years).`],
  // task
  [/^config\.due_in_days may be at most (\d+)/, (m) => `Due in: at most ${m[1]} days (ten years).`],
  // split
  [/^config\.weights must add up to more than zero$/, "Give at least one path a share above 0."],
  [/^config\.weights\.(.+) must be a number$/, (m) => `Path “${m[1]}”: type its share (a number).`],
  [/^config\.weights\.(.+) must be a finite number up to/, (m) => `Path “${m[1]}”: type a smaller share.`],
  // exit criteria
  [/^config\.on_enroll_unenroll_from\.journeys must be a non-empty list of keys$/, "Choose the journeys an enrolling account leaves, or pick “No other journeys”."],
  [/^a journey cannot unenroll from itself$/, "A journey cannot remove accounts from itself: untick it under “Specific journeys”."],
  // webhook
  [/^config\.timeout_s (?:must be a whole number|must be >= 1|must be from 1 to 30)$/, "Timeout: type a number of seconds from 1 to 30."],
  [/^config\.headers '' is not a header name$/, "Headers: type each header's name (such as Authorization)."],
  [/^config\.headers '(.+)' is not a header name$/, (m) => `Headers: “${m[1]}” is not a header name (letters, digits and dashes, such as X-Api-Key).`],
  [/^config\.save_response \[(\d+)\]\.path must be /, (m) => `Save from the response, row ${Number(m[1]) + 1}: type where the value is in the reply, such as data.score.`],
  [/^config\.save_response \[(\d+)\]\.attribute must be /, (m) => `Save from the response, row ${Number(m[1]) + 1}: choose the attribute to save it in.`],
  [/^config\.body: a GET request has no body$/, "A GET request sends no body: empty the JSON body, or choose POST."],
];

function stepField(message, node) {
  for (const [pattern, words] of STEP_FIELDS) {
    const m = pattern.exec(message);
    if (!m) continue;
    const said = typeof words === "function" ? words(m, node) : words;
    if (said) return said;
  }
  return null;
}

// A step naming what the catalog no longer has (validate_refs._ref: "no <what> '<key>'").
function gone(message) {
  const m = /^no (email template|template|segment|playbook|milestone|outcome|journey|staff user|contact role) '(.*)'$/.exec(message);
  if (!m) return null;
  const what = m[1] === "email template" ? "template" : m[1];
  return what === "contact role"
    ? `No contact has the role “${m[2]}”: check its spelling, or choose another.`
    : `There is no ${what} “${m[2]}” any more: choose another.`;
}

/**
 * The problems without the echoes of another: an event name left empty is also "must match
 * [a-z0-9_.-]{1,64}" on the same step, a second problem for the one empty field ("2 problems" on
 * the step, the same field twice in the list). The empty one says what to do.
 */
export function dropEchoes(problems) {
  const list = Array.isArray(problems) ? problems : [];
  const empty = new Set(list.map((p) => {
    const m = /^(config\.[\w.[\]]+\.name) must be a non-empty text$/.exec(String(p?.message ?? ""));
    return m ? `${p.node_id}|${m[1]}` : null;
  }).filter(Boolean));
  if (!empty.size) return list;
  return list.filter((p) => {
    const m = /^(config\.[\w.[\]]+\.name) must match /.exec(String(p?.message ?? ""));
    return !(m && empty.has(`${p.node_id}|${m[1]}`));
  });
}

/**
 * The sentence to show for one problem; `catalog` (optional) names a condition's property by
 * its label, as the rule builder does; `node` (optional, the canvas node the problem is on)
 * names a missing path as the canvas labels it; `hasIncoming` (a line leads into that node) says
 * an unreachable step's parent is what is cut off. Anything not translated keeps the server's words.
 */
export function plainProblem(problem, catalog = {}, node = null, { hasIncoming = false } = {}) {
  const message = String(problem?.message ?? "");
  if (problem?.code === "empty_rule") return emptyRule(message, node);
  // Connected, yet unreachable: it is a step before it that nothing leads to.
  if (problem?.code === "unreachable_node" && hasIncoming) return UNREACHABLE_VIA_PARENT;
  const window = sendWindowProblem(message);
  if (window) return window;
  if (/^config\.due_in_days must be (a whole number|>= 0)$/.test(message)) return DUE_DAYS_WORDS;
  const said = missingBranch(message, node) || badUrl(message) || notWritable(message, catalog)
    || stepField(message, node) || gone(message);
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
