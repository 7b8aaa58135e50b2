// /settings (admins): the workspace settings of SPEC §8 — the time zone of accounts that have
// none, the frequency cap across journeys, engagement tracking and the public URL links use.
// Saving sends only what changed; a refusal names the field it is about.
import { useEffect, useState } from "react";
import { getSettings, putSettings, timeZoneNames } from "../api/settings.js";
import { notSavedText, plainFieldErrors } from "../catalog/apiErrors.js";

const ZONES = timeZoneNames();
const NARROW = { width: "5em", margin: "0 0.4em" };

function changed(saved, form) {
  const out = {};
  for (const key of Object.keys(form)) {
    if (JSON.stringify(saved[key]) !== JSON.stringify(form[key])) out[key] = form[key];
  }
  return out;
}

// What a refused field needs, in words (the API's are "Must be greater than or equal to 1.",
// "Not a valid integer." for an emptied box…); fields not named here keep the API's message.
const WORDS = {
  "frequency_cap.emails": "At most: type 1 or more.",
  "frequency_cap.per_days": "Days: type 1 or more.",
};
const LABELS = {
  default_timezone: "Default time zone of accounts", "frequency_cap.emails": "At most", "frequency_cap.per_days": "Days",
  frequency_cap: "Frequency cap", tracking: "Track opens and clicks", public_url: "Public URL",
};

export default function SettingsPage() {
  const [saved, setSaved] = useState(null);
  const [form, setForm] = useState(null);
  const [error, setError] = useState(null);
  const [status, setStatus] = useState(null);
  useEffect(() => {
    getSettings().then((s) => { setSaved(s); setForm(s); }, (e) => setError(e));
  }, []);
  if (!form) {
    return <main className="page"><h1>Settings</h1>{error ? <p className="banner error" role="alert">{error.message}</p> : <p className="muted">Loading…</p>}</main>;
  }
  const cap = form.frequency_cap;
  const set = (patch) => { setForm({ ...form, ...patch }); setStatus(null); };
  const setCap = (patch) => set({ frequency_cap: { ...cap, ...patch } });
  const problems = plainFieldErrors(error, WORDS);
  // A field's messages, its nested ones (frequency_cap.emails) included.
  const note = (key) => {
    const text = Object.keys(problems).filter((k) => k === key || k.startsWith(`${key}.`)).map((k) => problems[k]).join(" ");
    return text ? <span className="error small" role="note">{text}</span> : null;
  };
  const pending = changed(saved, form);

  const save = async (e) => {
    e.preventDefault();
    try {
      const next = await putSettings(pending);
      setSaved(next);
      setForm(next);
      setError(null);
      setStatus("Saved.");
    } catch (err) {
      setError(err);
    }
  };
  const number = (v) => (v === "" ? "" : Number(v));
  return (
    <main className="page settings-page">
      <h1>Settings</h1>
      <form onSubmit={save} aria-label="Workspace settings" className="settings-form">
        {error && <p className="banner error" role="alert">Not saved: {notSavedText(error, LABELS)}</p>}
        {status && <p className="banner info" role="status">{status}</p>}
        <fieldset>
          <legend>Time zone</legend>
          <div className="field">
            <label htmlFor="default-tz">Default time zone of accounts</label>
            <input id="default-tz" list="tz-names" value={form.default_timezone} onChange={(e) => set({ default_timezone: e.target.value })} />
            <datalist id="tz-names">{ZONES.map((z) => <option key={z} value={z} />)}</datalist>
          </div>
          <p className="muted small">An IANA name such as Europe/Berlin. Send windows use it for accounts without a time zone of their own.</p>
          {note("default_timezone")}
        </fieldset>
        <fieldset>
          <legend>Frequency cap</legend>
          <span className="field-row">
            <input id="cap-on" type="checkbox" checked={!!cap} onChange={(e) => set({ frequency_cap: e.target.checked ? (saved.frequency_cap || { emails: 3, per_days: 7 }) : null })} />
            <label htmlFor="cap-on">Limit how many journey emails one address gets</label>
          </span>
          {cap && (
            <p className="field-row">
              At most <input aria-label="Emails" type="number" aria-invalid={problems["frequency_cap.emails"] ? true : undefined} min="1" step="1" style={NARROW} value={cap.emails} onChange={(e) => setCap({ emails: number(e.target.value) })} />
              {" "}emails in any{" "}
              <input aria-label="Days" type="number" aria-invalid={problems["frequency_cap.per_days"] ? true : undefined} min="1" step="1" style={NARROW} value={cap.per_days} onChange={(e) => setCap({ per_days: number(e.target.value) })} /> days, across all journeys
            </p>
          )}
          <p className="muted small">Counts journey emails to contacts. Transactional emails and alerts to staff are neither counted nor held. An email over the cap waits until it fits, or is skipped when its step says so.</p>
          {note("frequency_cap")}
        </fieldset>
        <fieldset>
          <legend>Engagement</legend>
          <span className="field-row">
            <input id="tracking" type="checkbox" checked={form.tracking} onChange={(e) => set({ tracking: e.target.checked })} />
            <label htmlFor="tracking">Track opens and clicks in journey emails</label>
          </span>
          {note("tracking")}
          <div className="field">
            <label htmlFor="public-url">Public URL</label>
            <input id="public-url" type="url" value={form.public_url} onChange={(e) => set({ public_url: e.target.value })} />
          </div>
          <p className="muted small">Where people reach this app: unsubscribe and tracking links in emails start with it.</p>
          {note("public_url")}
        </fieldset>
        <button type="submit" disabled={!Object.keys(pending).length}>Save settings</button>
      </form>
    </main>
  );
}
