// Engagement events (SPEC §8: email.opened / email.clicked, recorded by the open pixel and tracked
// links) in the words of the account timeline: "opened email Welcome", "clicked https://…".
// Pure: no React. `templateName(key)` gives a template's name (its subject) when known.

/** A sentence for an engagement event, or null for any other event (shown as it is). */
export function emailEventSentence(event, templateName = (k) => k) {
  const p = event?.properties || {};
  const what = p.template ? `email ${templateName(p.template)}` : "an email";
  const where = p.journey ? ` (journey ${p.journey}${p.node ? ` · ${p.node}` : ""})` : "";
  if (event?.name === "email.opened") return `opened ${what}${where}`;
  if (event?.name === "email.clicked") return `clicked ${p.url || "a link"} in ${what}${where}`;
  return null;
}
