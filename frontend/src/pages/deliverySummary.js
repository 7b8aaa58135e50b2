// Sentences for the steps send windows and the frequency cap log (SPEC §8): an email or task
// "held" at its step until a moment in the account's time, or an email "skipped" at the cap.
// detail: {until, local: "Tue 09:00", timezone, reason: "send_window" | "frequency_cap",
// cap?: {emails, per_days}, addresses?}.

const capText = (cap) => (cap ? `frequency cap (${cap.emails} ${cap.emails === 1 ? "email" : "emails"} in ${cap.per_days} ${cap.per_days === 1 ? "day" : "days"})` : "frequency cap");

/** {text, note?} for a held or skipped step, or null for other steps. */
export function deliverySummary(step, when) {
  const d = step?.detail || {};
  if (step?.outcome === "held" && d.until) {
    const why = d.reason === "frequency_cap" ? capText(d.cap) : "outside the send window";
    return { text: `Held until ${d.local} (${d.timezone}): ${why}`, note: `${when(d.until)} your time` };
  }
  if (step?.outcome === "skipped" && d.reason === "frequency_cap") {
    return { text: `Skipped: ${capText(d.cap)}`, note: d.addresses?.length ? `reached by ${d.addresses.join(", ")}` : undefined };
  }
  return null;
}
