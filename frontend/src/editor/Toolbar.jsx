// Editor toolbar: status, unsaved indicator, undo/redo, layout, save, publish, enable/disable.
import { useState } from "react";
import { Link } from "react-router";
import { editorStore, useEditor } from "../store/editorStore.js";
import ConfirmButton from "../components/ConfirmButton.jsx";
import { statusLabel, statusOf } from "../pages/journeyStatus.js";
import { listVersions } from "../api/journeys.js";
import { loadEnablePreview } from "./enablePreview.js";
import { disableWords, enableWords, publishWords } from "./confirmations.js";
import { useFrameJourney } from "../canvas/viewport.js";
import { nameProblem } from "../pages/journeyForm.js";

/** The Publish button's tooltip: why it is off, or what it does. */
function publishTitle({ sameAsVersion, validating, blocked }) {
  if (sameAsVersion !== null) return `Nothing to publish: the draft is the same as version ${sameAsVersion}`;
  if (validating) return "Checking the journey…";
  return blocked ? "Fix the problems first" : "Freeze the draft as a new version";
}

/** Why Publish is off, shown next to it (a tooltip alone goes unseen); null when there is
 * nothing to say. Not "checking…": that passes within a second after every edit. */
export function publishOffReason({ sameAsVersion, problems, error }) {
  if (sameAsVersion !== null) return `Nothing to publish: same as version ${sameAsVersion}`;
  if (problems > 0) return `Fix the ${problems === 1 ? "problem" : `${problems} problems`} first (Problems tab)`;
  if (error) return "Could not check the journey (Problems tab)";
  return null;
}

/** What publishing will do (who stays where), a note for the history (Enter publishes), and,
 * when accounts are active, the way to move them onto the new version instead. */
function PublishDetails({ versions, meta, note, setNote, onMove, onEnter }) {
  const next = (meta?.published_version || 0) + 1;
  const active = (versions || []).reduce((sum, v) => sum + (v.active || 0), 0);
  return (
    <>
      {meta?.published_version ? publishWords(versions, next, meta.enabled) : null}
      <input className="publish-note" aria-label="Note for the version history (optional)" placeholder="Note (optional): why this change?"
        value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)}
        onKeyDown={(e) => { if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) { e.preventDefault(); onEnter(); } }} />
      {active > 0 && onMove && (
        <button type="button" className="small" onClick={onMove}>Move them to version {next} instead…</button>
      )}
    </>
  );
}

/** `sameAsVersion`: the published version the saved draft is identical to, or null.
 * `readOnly`: nothing here changes the journey, so no save state, Undo, Redo, Auto-layout, Save,
 * Publish or Enable — only Fit view; `readOnlyNote`: what to say instead of the save state (once,
 * for someone who may never change journeys; a version being viewed says so in its own banner). */
export default function Toolbar({ onSave, onPublish, onToggle, saving, validation, readOnly, readOnlyNote = null, sameAsVersion = null, onMove }) {
  const meta = useEditor((s) => s.meta);
  const dirty = useEditor((s) => s.dirty);
  const canUndo = useEditor((s) => s.past.length > 0);
  const canRedo = useEditor((s) => s.future.length > 0);
  const problems = useEditor((s) => s.problems.length);
  const validating = useEditor((s) => s.validating);
  const frame = useFrameJourney();
  const [preview, setPreview] = useState({ enable: null, versions: null });
  const [note, setNote] = useState("");
  const status = statusOf(meta);
  const unnamed = nameProblem(meta?.name);
  // Counted when the confirmation opens, so the words match the workspace now (Disable uses the
  // same preview: the entry's segments and events, and the accounts active in the journey).
  const countEnable = () => {
    setPreview((p) => ({ ...p, enable: null }));
    loadEnablePreview(meta.id).then((enable) => setPreview((p) => ({ ...p, enable })))
      .catch((e) => setPreview((p) => ({ ...p, enable: { error: e.message } })));
  };
  const countVersions = () => {
    setPreview((p) => ({ ...p, versions: null }));
    listVersions(meta.id).then((versions) => setPreview((p) => ({ ...p, versions }))).catch(() => setPreview((p) => ({ ...p, versions: [] })));
  };
  // Blocked until the latest edit has been checked, not just the one before it.
  const publishBlocked = validating || validation.valid !== true || problems > 0;
  const offReason = publishBlocked || sameAsVersion !== null ? publishOffReason({ sameAsVersion, problems, error: validation.error }) : null;
  return (
    <div className="editor-toolbar" role="toolbar" aria-label="Journey tools">
      <Link to="/journeys" className="back">← Journeys</Link>
      <strong className={unnamed ? "journey-name muted" : "journey-name"}>{unnamed ? "Untitled journey" : meta.name}</strong>
      <span className={`badge ${status}`} data-testid="journey-status">{statusLabel(meta)}</span>
      {!readOnly && (
        <span className={dirty ? "dirty" : "saved muted"} data-testid="save-state" aria-live="polite">
          {dirty ? "● Unsaved changes" : "All changes saved"}
        </span>
      )}
      {readOnly && readOnlyNote && (
        <span className="read-only-note" role="note" data-testid="read-only-note"
          title="Only admins change journeys; Problems and Simulate work for you too (they change nothing).">{readOnlyNote}</span>
      )}
      <span className="spacer" />
      {!readOnly && (
        <>
          <button type="button" onClick={() => editorStore.getState().undo()} disabled={!canUndo} title="Undo (Ctrl+Z)">Undo</button>
          <button type="button" onClick={() => editorStore.getState().redo()} disabled={!canRedo} title="Redo (Ctrl+Y)">Redo</button>
          <button type="button" onClick={() => { editorStore.getState().autoLayout(); setTimeout(() => frame({ duration: 300 }), 50); }}>
            Auto-layout
          </button>
        </>
      )}
      <button type="button" onClick={() => frame({ duration: 300 })}
        title="Frame the journey from its Entry (never smaller than readable: pan or zoom out for the rest)">Fit view</button>
      {!readOnly && (
        <>
          <button type="button" className="primary" onClick={onSave} disabled={saving || !dirty || !!unnamed}
            title={unnamed ? `${unnamed} Then save.` : "Save the draft (Ctrl+S)"}>
            {saving ? "Saving…" : "Save"}
          </button>
          {offReason && <span className="publish-reason small" data-testid="publish-reason">{offReason}</span>}
          <ConfirmButton popover className="primary" disabled={publishBlocked || saving || sameAsVersion !== null}
            title={publishTitle({ sameAsVersion, validating, blocked: publishBlocked })}
            question={`Publish the draft as version ${(meta?.published_version || 0) + 1}?`} confirmLabel="Publish"
            onConfirm={async () => { await onPublish(note.trim() ? { note: note.trim() } : undefined); setNote(""); }}
            onAsk={meta?.published_version ? countVersions : undefined}
            details={({ close, confirm }) => (
              <PublishDetails versions={preview.versions} meta={meta} note={note} setNote={setNote} onEnter={confirm}
                onMove={onMove && (() => { close(); onMove(); })} />
            )}>
            Publish
          </ConfirmButton>
          {meta?.enabled ? (
            <ConfirmButton popover className="danger" question="Stop enrolling and pause this journey?" confirmLabel="Disable" onConfirm={() => onToggle(false)}
              onAsk={countEnable} details={preview.enable?.error ? `Could not count the accounts: ${preview.enable.error}` : disableWords(preview.enable)}>
              Disable
            </ConfirmButton>
          ) : (
            <ConfirmButton popover disabled={!meta?.published_version} title={meta?.published_version ? "Start enrolling accounts" : "Publish a version first"}
              question={`Start enrolling accounts into version ${meta?.published_version}?`} confirmLabel="Enable" onConfirm={() => onToggle(true)}
              onAsk={countEnable} details={preview.enable?.error ? `Could not count the accounts: ${preview.enable.error}` : enableWords(preview.enable)}>
              Enable
            </ConfirmButton>
          )}
        </>
      )}
    </div>
  );
}
