// Fills {{ merge.fields }} in email and task text from a sample account (for previews).

export const SAMPLE_ACCOUNT = {
  external_id: "sample", name: "Acme Analytics", mrr: 1200, amount: 14400, licenses: 25,
  created_on: "2025-01-15", next_billing_on: "2026-01-15", stage: "onboarding", status: "active",
  csm: null, sales_manager: null, custom: {}, contacts: [{ name: "Dana Lee", email: "dana@acme.example", role: "admin" }],
};

/** Builds the merge context {account, custom, csm, sales_manager, contact} for an account JSON. */
export function mergeContext(account, users = []) {
  const a = account || SAMPLE_ACCOUNT;
  const person = (email) => {
    if (!email) return { name: "Your CSM", email: "csm@example.com" };
    const u = users.find((x) => x.email === email);
    return u ? { name: u.name, email: u.email } : { name: email, email };
  };
  const contact = (a.contacts && a.contacts[0]) || { name: "there", email: "" };
  return { account: a, custom: a.custom || {}, csm: person(a.csm), sales_manager: person(a.sales_manager), contact };
}

/** Replaces {{ path.to.value }} with the value from ctx; unknown fields show as [path]. */
export function renderTemplate(text, ctx) {
  return String(text ?? "").replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_m, path) => {
    let cur = ctx;
    for (const part of path.split(".")) cur = cur == null ? undefined : cur[part];
    if (cur === undefined || cur === null || typeof cur === "object") return `[${path}]`;
    return String(cur);
  });
}

const HTML_ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** renderTemplate for an HTML body: merged values are escaped, as the server does (Jinja autoescape). */
export function renderHtmlTemplate(text, ctx) {
  return String(text ?? "").replace(/\{\{\s*([\w.]+)\s*\}\}/g, (m) =>
    renderTemplate(m, ctx).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]));
}
