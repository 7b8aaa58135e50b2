// Helpers for creating journeys: slugs and the starter graph.

/** "Onboarding – Low touch!" → "onboarding-low-touch" */
export function slugify(text) {
  return String(text).toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 100);
}

/** A new journey starts with its entry step in place. */
export function starterGraph() {
  return {
    format: "journey/v1",
    nodes: [{ id: "entry", type: "entry", config: { segments: [], reenroll: { mode: "never" }, enroll_existing: false }, ui: { x: 0, y: 0 } }],
    edges: [],
  };
}

/** Why a journey's name cannot be saved as it is (blank), or null. */
export function nameProblem(name) {
  return String(name ?? "").trim() ? null : "Give the journey a name.";
}

/** The existing journey with this name (case and spacing ignored), or null. */
export function sameName(name, journeys = []) {
  const norm = (t) => String(t ?? "").trim().replace(/\s+/g, " ").toLowerCase();
  const wanted = norm(name);
  return wanted ? (journeys || []).find((j) => norm(j.name) === wanted) || null : null;
}
