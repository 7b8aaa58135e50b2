// GET /api/health: 200 {"status":"ok","checks":{...}} or 503 {"status":"degraded","checks":{...}}.
import { send } from "./client.js";

/**
 * Returns {healthy: bool, down: [names]}; never throws.
 * `down` lists the checks whose ok is not true, or why health is unknown.
 */
export async function fetchHealth() {
  let res;
  try {
    res = await send("/api/health");
  } catch {
    return { healthy: false, down: ["server unreachable"] };
  }
  if (res.status === 200) return { healthy: true, down: [] };
  const checks = res.data && typeof res.data === "object" && res.data.checks;
  const down = checks
    ? Object.entries(checks).filter(([, c]) => !c || c.ok !== true).map(([name]) => name)
    : [];
  return { healthy: false, down: down.length ? down : [`server (HTTP ${res.status})`] };
}
