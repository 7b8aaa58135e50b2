// Engagement events (SPEC §8: email.opened / email.clicked, recorded by the open pixel and tracked
// links) in the words of the account timeline: "opened email “Welcome” (journey Onboarding · Welcome
// email)", "clicked https://… in …". Pure: no React. `names` gives what the event names by key its
// names when known: {template(key), journey(key), step(journeyKey, nodeId)} (a function alone: the
// template's); unknown ones stay as keys.

/** A sentence for an engagement event, or null for any other event (shown as it is). */
export function emailEventSentence(event, names = {}) {
  const n = typeof names === "function" ? { template: names } : names || {};
  const p = event?.properties || {};
  const template = n.template?.(p.template);
  const what = p.template ? (template && template !== p.template ? `email “${template}”` : `email ${p.template}`) : "an email";
  const journey = p.journey ? n.journey?.(p.journey) || p.journey : null;
  const step = p.journey && p.node ? n.step?.(p.journey, p.node) || p.node : null;
  const where = journey ? ` (journey ${journey}${step ? ` · ${step}` : ""})` : "";
  if (event?.name === "email.opened") return `opened ${what}${where}`;
  if (event?.name === "email.clicked") return `clicked ${p.url || "a link"} in ${what}${where}`;
  return null;
}
