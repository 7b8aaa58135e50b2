// One-line, plain-words summaries of a node's settings, shown on the canvas.

function duration(d = {}) {
  const parts = [];
  for (const [unit, word] of [["days", "day"], ["hours", "hour"], ["minutes", "minute"]]) {
    const n = Number(d[unit] || 0);
    if (n) parts.push(`${n} ${word}${n === 1 ? "" : "s"}`);
  }
  return parts.join(" ") || "0 minutes";
}

function countConditions(rule) {
  if (!rule || typeof rule !== "object") return 0;
  if (Array.isArray(rule.all)) return rule.all.reduce((s, r) => s + countConditions(r), 0);
  if (Array.isArray(rule.any)) return rule.any.reduce((s, r) => s + countConditions(r), 0);
  if (rule.not !== undefined) return countConditions(rule.not);
  return 1;
}

function ruleSummary(rule) {
  const n = countConditions(rule);
  if (!n) return "No conditions yet";
  return `${n} condition${n === 1 ? "" : "s"}`;
}

const ACTIONS = {
  send_email: (c) => `Email ${c.template ? `“${c.template}”` : c.subject ? `“${c.subject}”` : "(no content yet)"} to ${
    c.to?.csm ? "the CSM" : c.to?.contacts?.role ? `${c.to.contacts.role} contacts` : "all contacts"}`,
  create_task: (c) => `${c.title || "(untitled task)"} · ${c.assignee || "?"} · due in ${c.due_in_days ?? "?"} d`,
  assign_csm: (c) => (c.strategy === "named" ? `Assign ${c.user || "(nobody yet)"}`
    : `${c.strategy === "least_accounts" ? "Fewest accounts" : "Round robin"} among ${(c.pool || []).length} CSMs`),
  assign_playbook: (c) => `Playbook ${c.playbook || "(none yet)"}`,
  set_attribute: (c) => `${c.attribute || "?"} = ${JSON.stringify(c.value ?? "")}`,
  copy_attribute: (c) => `${c.from || "?"} → ${c.to || "?"}`,
  clear_attribute: (c) => `Clear ${c.attribute || "?"}`,
  increase_attribute: (c) => `${c.attribute || "?"} ${Number(c.by) < 0 ? "−" : "+"} ${Math.abs(Number(c.by ?? 0))}`,
};

/** A short description of what a node does, from its type and config. */
export function summarize(type, config = {}) {
  const c = config || {};
  switch (type) {
    case "entry": {
      const segs = c.segments || [];
      return segs.length ? `Segments: ${segs.join(", ")}` : "No segment chosen yet";
    }
    case "action":
      return ACTIONS[c.action] ? ACTIONS[c.action](c) : `Unknown action ${c.action || ""}`;
    case "condition":
      return ruleSummary(c.rule);
    case "wait":
      if (c.for) return `Wait ${duration(c.for)}`;
      if (c.until_date) {
        const off = Number(c.until_date.offset?.days || 0);
        const rel = off ? `${Math.abs(off)} days ${off < 0 ? "before" : "after"} ` : "";
        return `Until ${rel}${c.until_date.property || "a date"}`;
      }
      if (c.until_rule) return `Until ${ruleSummary(c.until_rule.rule).toLowerCase()} hold, at most ${duration(c.until_rule.timeout)}`;
      return "Wait (not set)";
    case "split":
      return Object.entries(c.weights || {}).map(([k, w]) => `${k} ${w}%`).join(" · ") || "No paths";
    case "end":
      return "The journey is complete";
    case "goal":
      return ruleSummary(c.rule);
    case "exit":
      return `On goal: ${c.on_goal === "continue" ? "continue" : "complete"}${c.blacklist ? " · blacklist rules" : ""}`;
    default:
      return "";
  }
}
