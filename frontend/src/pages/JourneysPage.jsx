// /journeys — every journey with status, enabled switch, counts; create, duplicate, delete.
import { useCallback, useEffect, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { createJourney, deleteJourney, disableJourney, duplicateJourney, enableJourney, listJourneys } from "../api/journeys.js";
import ConfirmButton from "../components/ConfirmButton.jsx";
import EnableCount from "../editor/EnableCount.jsx";
import OverviewReport from "../reports/OverviewReport.jsx";
import { useCanChangeJourneys } from "../session-context.js";
import { slugify, starterGraph } from "./journeyForm.js";
import { statusLabel, statusOf } from "./journeyStatus.js";
import CreateJourneyForm from "./CreateJourneyForm.jsx";

// GET /api/journeys gives every journey its counts (enrolled, active, goal_achieved, failed);
// failed ones link to the Live view, which lists them with Retry.
function Counts({ journey }) {
  const failed = journey.failed ?? 0;
  return (
    <>
      <td>{journey.enrolled ?? 0}</td>
      <td>{journey.active ?? 0}</td>
      <td>{journey.goal_achieved ?? 0}</td>
      <td>{failed > 0
        ? <Link className="error" to={`/journeys/${journey.id}?tab=live`} title="Enrollments an action stopped: see them and retry in the Live view">{failed}</Link>
        : 0}</td>
    </>
  );
}

const accounts = (n) => `${n} account${n === 1 ? "" : "s"}`;

/** What deleting a journey takes with it (DELETE /api/journeys/<id> removes its versions and its
 * enrollments with their step history, and keeps its emails in the Outbox): said before it goes,
 * since nothing brings it back, and Disable keeps all of it. */
export function deleteWords(journey) {
  const enrolled = journey.enrolled ?? 0;
  const active = journey.active ?? 0;
  if (!enrolled && !journey.published_version) return "Its draft goes. This cannot be undone.";
  if (!enrolled) return "Its draft and published versions go. This cannot be undone.";
  const still = active ? ` The ${accounts(active)} still in it ${active === 1 ? "is" : "are"} taken out of it.` : "";
  return `Its ${enrolled === 1 ? "1 enrollment goes" : `${enrolled} enrollments go`} with it: each account's steps on it (from their timelines) and its report.${still} `
    + "Any emails it sent stay in the Outbox. This cannot be undone: to stop it and keep its history, leave it disabled instead.";
}

export default function JourneysPage() {
  const canEdit = useCanChangeJourneys(); // the API lets only admins change journeys
  const navigate = useNavigate();
  const [journeys, setJourneys] = useState(null);
  const [error, setError] = useState(null);
  const [creating, setCreating] = useState(false);
  const [copied, setCopied] = useState(null); // {id, name}: the copy Duplicate made, said over the list
  const [params, setParams] = useSearchParams();
  const overview = params.get("view") === "report";

  const refresh = useCallback(async () => {
    try {
      setJourneys(await listJourneys());
    } catch (e) {
      setError(e.message);
    }
  }, []);
  useEffect(() => { refresh(); }, [refresh]);

  const act = async (fn) => {
    setError(null);
    setCopied(null);
    try { await fn(); } catch (e) { setError(e.message); }
    await refresh();
  };

  async function duplicate(j) {
    const keys = new Set((journeys || []).map((x) => x.key));
    let key = `${j.key}-copy`;
    for (let i = 2; keys.has(key); i += 1) key = `${j.key}-copy-${i}`;
    const copy = await duplicateJourney(j.id, { key, name: `${j.name} (copy)` });
    setCopied({ id: copy?.id, name: copy?.name || `${j.name} (copy)` });
  }

  async function create({ name, key, description }) {
    const res = await createJourney({ key: key || slugify(name), name, description, graph: starterGraph() });
    navigate(`/journeys/${res.id}`);
  }

  return (
    <main className="page">
      <div className="toolbar">
        <h1>Journeys</h1>
        <div role="tablist" aria-label="Journeys view" className="tabs inline">
          <button type="button" role="tab" aria-selected={!overview} className={overview ? "tab" : "tab active"} onClick={() => setParams({})}>List</button>
          <button type="button" role="tab" aria-selected={overview} className={overview ? "tab active" : "tab"} onClick={() => setParams({ view: "report" })}>Overview report</button>
        </div>
        <span className="spacer" />
        {canEdit && !creating && <button type="button" className="primary" onClick={() => setCreating(true)}>New journey</button>}
      </div>
      {!canEdit && <p className="muted small" role="note">Only admins can change journeys; you can look.</p>}
      {creating && <CreateJourneyForm onCreate={create} onCancel={() => setCreating(false)} journeys={journeys || []} />}
      {error && <p className="banner error" role="alert">{error}</p>}
      {copied && !overview && (
        <p className="banner info" role="status">
          Copied as “{copied.name}”, a draft at the top of the list (it enrolls nobody until published and enabled).
          {copied.id && <> <Link to={`/journeys/${copied.id}`}>Open it</Link></>}
          {" "}<button type="button" className="small" onClick={() => setCopied(null)}>Dismiss</button>
        </p>
      )}
      {overview && <OverviewReport />}
      {!overview && journeys === null && !error && <p className="muted">Loading…</p>}
      {!overview && journeys && journeys.length === 0 && (
        <div className="empty">
          <p><strong>No journeys yet.</strong></p>
          <p>A journey walks accounts through steps when they enter a segment: emails, tasks, waits and decisions.</p>
          {canEdit ? <p>Click <strong>New journey</strong>, give it a name, then drag steps onto the canvas.</p> : <p>An admin can create one.</p>}
        </div>
      )}
      {!overview && journeys && journeys.length > 0 && (
        <table className="data" aria-label="Journeys">
          <thead>
            <tr><th>Name</th><th>Status</th><th>Enabled</th><th>Enrolled</th><th>Active</th><th>Goal achieved</th><th>Failed</th><th><span className="visually-hidden">Actions</span></th></tr>
          </thead>
          <tbody>
            {journeys.map((j) => {
              const status = statusOf(j);
              return (
                <tr key={j.id} data-testid={`journey-row-${j.key}`}>
                  <td><Link to={`/journeys/${j.id}`}>{j.name?.trim() || j.key /* a blank name saved before names had to have words */}</Link><div className="muted small">{j.key}</div></td>
                  <td><span className={`badge ${status}`}>{statusLabel(j)}</span></td>
                  <td>
                    {canEdit ? (
                      <ConfirmButton className={j.enabled ? "switch on" : "switch"} disabled={!j.enabled && !j.published_version}
                        title={!j.enabled && !j.published_version ? "Publish it first (open the editor)" : undefined}
                        question={j.enabled ? `Disable “${j.name}”? Accounts stop enrolling and the journey pauses.` : `Enable “${j.name}”? Accounts start enrolling.`}
                        confirmLabel={j.enabled ? "Disable" : "Enable"}
                        details={<EnableCount journeyId={j.id} disable={!!j.enabled} />}
                        onConfirm={() => act(() => (j.enabled ? disableJourney(j.id) : enableJourney(j.id)))}>
                        <span role="switch" aria-checked={!!j.enabled} aria-label={`Enabled: ${j.name}`}>{j.enabled ? "On" : "Off"}</span>
                      </ConfirmButton>
                    ) : (j.enabled ? "On" : "Off")}
                  </td>
                  <Counts journey={j} />
                  <td>
                    <div className="row-actions">
                      {canEdit && <button type="button" className="small" onClick={() => act(() => duplicate(j))}>Duplicate</button>}
                      {canEdit && (
                        <ConfirmButton className="small danger" disabled={j.enabled} title={j.enabled ? "Disable it before deleting" : undefined}
                          question={`Delete “${j.name}”?`} details={deleteWords(j)} confirmLabel="Delete" onConfirm={() => act(() => deleteJourney(j.id))}>
                          Delete
                        </ConfirmButton>
                      )}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </main>
  );
}
