// /settings (admins): the workspace settings of SPEC §8 — the time zone of accounts that have
// none, the frequency cap across journeys, engagement tracking and the public URL links use.
// Saving sends only what changed; a refusal is said under the field it is about (named as the page
// labels it), and goes once that field changes.
import { useEffect, useState } from "react";
import { getSettings, putSettings, timeZoneNames } from "../api/settings.js";
import { clearField, formProblem } from "../catalog/apiErrors.js";

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
// "Not a valid integer." for an emptied box, "Whole numbers must fit in 64 bits…" for
// 99999999999999999999…); fields not named here keep the API's message. The bounds are
// services/workspace_settings.py's.
const WORDS = {
  "frequency_cap.emails": "At most: type a whole number from 1 to 1000.",
  "frequency_cap.per_days": "Days: type a whole number from 1 to 365.",
};
const LABELS = {
  default_timezone: "Default time zone of accounts", "frequency_cap.emails": "At most", "frequency_cap.per_days": "Days",
  frequency_cap: "Frequency cap", tracking: "Track opens and clicks", public_url: "Public URL",
  default_from: "Default sender",
};

export default function SettingsPage() {
  const [saved, setSaved] = useState(null);
  const [form, setForm] = useState(null);
  const [loadError, setLoadError] = useState(null);
  const [problem, setProblem] = useState(null); // a refused save (formProblem), cleared field by field
  const [status, setStatus] = useState(null);
  useEffect(() => {
    getSettings().then((s) => { setSaved(s); setForm(s); }, (e) => setLoadError(e));
  }, []);
  if (!form) {
    return <main className="page"><h1>Settings</h1>{loadError ? <p className="banner error" role="alert">{loadError.message}</p> : <p className="muted">Loading…</p>}</main>;
  }
  const cap = form.frequency_cap;
  // A change clears what was said about that field (`paths`: the fields it changes).
  const change = (patch, paths = Object.keys(patch)) => {
    setForm({ ...form, ...patch });
    setStatus(null);
    setProblem((p) => paths.reduce(clearField, p));
  };
  const set = (patch) => change(patch);
  const setCap = (patch) => change({ frequency_cap: { ...cap, ...patch } }, Object.keys(patch).map((k) => `frequency_cap.${k}`));
  const problems = problem?.fields || {};
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
      setProblem(null);
      setStatus("Saved.");
    } catch (err) {
      setProblem(formProblem(err, LABELS, WORDS));
    }
  };
  const number = (v) => (v === "" ? "" : Number(v));
  return (
    <main className="page settings-page">
      <h1>Settings</h1>
      <form onSubmit={save} aria-label="Workspace settings" className="settings-form">
        {problem && <p className="banner error" role="alert">Not saved: {problem.message}</p>}
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
          <p className="muted small">Send windows (the days and hours a journey's emails and tasks go out) are set for each journey: open it in the designer, then Journey settings.</p>
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
          <div className="field">
            <label htmlFor="default-from">Default sender</label>
            <input id="default-from" type="email" value={form.default_from ?? ""} aria-invalid={problems.default_from ? true : undefined}
              onChange={(e) => set({ default_from: e.target.value })} placeholder="success@yourcompany.com" />
          </div>
          <p className="muted small">
            Emails go from this address when no other applies: a step sending from the CSM to an account with no CSM, and test sends.
            {form.default_from?.endsWith("@localhost") && <strong> Set a real address before connecting a mail server: mail servers refuse @localhost.</strong>}
          </p>
          {note("default_from")}
        </fieldset>
        <button type="submit" disabled={!Object.keys(pending).length}>Save settings</button>
      </form>
    </main>
  );
}
