// Header badge: GETs /api/health now and every 15 s; "Healthy" on 200, else "Degraded: <down>".
import { useEffect, useState } from "react";
import { fetchHealth } from "../api/health.js";

export const HEALTH_POLL_MS = 15000;

export default function HealthIndicator({ pollMs = HEALTH_POLL_MS }) {
  const [health, setHealth] = useState(null);

  useEffect(() => {
    let alive = true;
    const check = async () => {
      const result = await fetchHealth();
      if (alive) setHealth(result);
    };
    check();
    const timer = setInterval(check, pollMs);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [pollMs]);

  let text = "Checking…";
  let tone = "unknown";
  if (health) {
    text = health.healthy ? "Healthy" : `Degraded: ${health.down.join(", ")}`;
    tone = health.healthy ? "ok" : "bad";
  }
  return (
    <span className={`health health-${tone}`} role="status" aria-live="polite" title="Service health">
      <span className="health-dot" aria-hidden="true" />
      <span data-testid="health-status">{text}</span>
    </span>
  );
}
