// Staff people arrive as an email string or as {email, name}; show them the same way.

/** "Asha (asha@example.com)", "asha@example.com", or "" for nobody. */
export function personLabel(p) {
  if (!p) return "";
  if (typeof p === "string") return p;
  if (p.name && p.email) return `${p.name} (${p.email})`;
  return p.name || p.email || "";
}
