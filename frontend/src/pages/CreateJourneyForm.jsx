// Inline form to create a journey: name, key (a slug, suggested from the name), description.
// Warns when another journey already has the name (allowed, but confusing) or the key (refused).
// Escape cancels, as Cancel does.
import { useState } from "react";
import { sameName, slugify } from "./journeyForm.js";

export default function CreateJourneyForm({ onCreate, onCancel, journeys = [] }) {
  const [name, setName] = useState("");
  const [key, setKey] = useState("");
  const [keyTouched, setKeyTouched] = useState(false);
  const [description, setDescription] = useState("");
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const shownKey = keyTouched ? key : slugify(name);
  const twin = sameName(name, journeys);
  const keyTaken = (journeys || []).some((j) => j.key === shownKey);

  async function submit(e) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onCreate({ name: name.trim(), key: shownKey, description });
    } catch (err) {
      setError(err.message);
      setBusy(false);
    }
  }

  return (
    <form className="card create-form" onSubmit={submit} aria-label="New journey"
      onKeyDown={(e) => { if (e.key === "Escape" && !busy) { e.preventDefault(); onCancel(); } }}>
      <div className="field">
        <label htmlFor="new-name">Name</label>
        <input id="new-name" required autoFocus value={name} onChange={(e) => setName(e.target.value)} placeholder="Onboarding drip"
          aria-describedby={twin ? "new-name-warning" : undefined} />
        {twin && (
          <span id="new-name-warning" className="warning small" role="status">
            A journey named “{twin.name}” already exists. Two journeys with one name are easy to mix up on the Journeys, Tasks and timeline pages; consider another name.
          </span>
        )}
      </div>
      <div className="field">
        <label htmlFor="new-key">Key (used to refer to it; lower-case letters, digits, dashes and underscores)</label>
        <input id="new-key" required pattern="[a-z0-9][a-z0-9_\-]{0,99}" title="Lower-case letters, digits, - and _, starting with a letter or digit" value={shownKey}
          onChange={(e) => { setKeyTouched(true); setKey(e.target.value); }} />
        {keyTaken && <span className="error small" role="status">The key “{shownKey}” is taken by another journey: choose another.</span>}
      </div>
      <div className="field">
        <label htmlFor="new-description">Description</label>
        <textarea id="new-description" value={description} onChange={(e) => setDescription(e.target.value)} />
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      <div className="field-row">
        <button type="submit" className="primary" disabled={busy || keyTaken}>Create and open</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
