// A picker beside a webhook header value (SPEC §9): the secrets kept under Webhooks → Secrets,
// by name (values are write-only and never reach the browser); choosing one adds
// `{{ secret.NAME }}` to the value. Listing secrets is for admins: anyone else is told so and
// can still type a reference by hand.
import { useEffect, useState } from "react";
import { listSecrets } from "../../api/webhooks.js";

/** `value` with `{{ secret.NAME }}` added: after a space when it already holds text. */
export function withSecret(value, name) {
  const token = `{{ secret.${name} }}`;
  if (!value) return token;
  return /\s$/.test(value) ? `${value}${token}` : `${value} ${token}`;
}

let cached = null; // one request for every header row of the form (and the next form)

/** The secret names, or {error} when they cannot be listed. */
export function useSecretNames() {
  const [state, setState] = useState(cached);
  useEffect(() => {
    if (cached) return undefined;
    let alive = true;
    listSecrets()
      .then((r) => { cached = { names: (r.items || []).map((s) => s.name) }; return cached; })
      .catch((e) => {
        const only = e.status === 403 ? { names: [], error: "Only admins can list secrets; type {{ secret.NAME }} by hand." } : null;
        cached = only; // a passing failure is not remembered: the next form asks again
        return only || { names: [], error: `Secrets could not be listed: ${e.message}` };
      })
      .then((result) => alive && setState(result));
    return () => { alive = false; };
  }, []);
  return state;
}

/** Forget the cached names (after a secret was added, and between tests). */
export function forgetSecretNames() {
  cached = null;
}

export default function WebhookSecretPicker({ index, value, onPick, secrets }) {
  if (!secrets) return null;
  if (!secrets.names.length) {
    return (
      <span className="muted small" role="note">
        {secrets.error || <>No secrets yet: add one under <a href="/outbound">Webhooks → Secrets</a>.</>}
      </span>
    );
  }
  return (
    <select aria-label={`Insert a secret into header ${index + 1}`} value=""
      onChange={(e) => e.target.value && onPick(withSecret(value, e.target.value))}>
      <option value="">Insert secret…</option>
      {secrets.names.map((n) => <option key={n} value={n}>{n}</option>)}
    </select>
  );
}
