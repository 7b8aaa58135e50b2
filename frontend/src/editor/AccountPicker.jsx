// Pick an account by name: a search box over GET /api/accounts?q= (name or external id), the
// matches as buttons; the chosen one shows by name with a Change button.
import { useEffect, useId, useState } from "react";
import { listAccounts } from "../api/accounts.js";

export default function AccountPicker({ value, onChange }) {
  const id = useId();
  const [q, setQ] = useState("");
  const [found, setFound] = useState(null);
  const [error, setError] = useState(null);

  useEffect(() => {
    if (value) return undefined;
    let alive = true;
    const t = setTimeout(() => {
      listAccounts({ q: q.trim() || undefined, limit: 8 })
        .then((r) => alive && (setFound(r.items || []), setError(null)))
        .catch((e) => alive && setError(e.message));
    }, 200);
    return () => { alive = false; clearTimeout(t); };
  }, [q, value]);

  if (value) {
    return (
      <div className="field">
        <span className="field-label">Account</span>
        <div className="field-row">
          <strong data-testid="sim-chosen-account">{value.name || value.external_id}</strong>
          <span className="muted small">{value.external_id}</span>
          <button type="button" className="small" onClick={() => onChange(null)}>Change</button>
        </div>
      </div>
    );
  }
  return (
    <div className="field account-picker">
      <label htmlFor={id}>Find an account by name</label>
      <input id={id} type="search" value={q} placeholder="Type a name…" autoComplete="off" onChange={(e) => setQ(e.target.value)} />
      {error && <span className="error small">{error}</span>}
      {found && found.length === 0 && <span className="muted small">No account matches “{q}”.</span>}
      {found && found.length > 0 && (
        <ul className="picker-results" aria-label="Matching accounts">
          {found.map((a) => (
            <li key={a.external_id}>
              <button type="button" className="link-button" onClick={() => onChange(a)}>
                {a.name || a.external_id} <span className="muted small">{a.external_id}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
