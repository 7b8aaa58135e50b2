// Editor toolbar: status, unsaved indicator, undo/redo, layout, save, publish, enable/disable.
import { Link } from "react-router";
import { useReactFlow } from "@xyflow/react";
import { editorStore, useEditor } from "../store/editorStore.js";
import ConfirmButton from "../components/ConfirmButton.jsx";
import { statusOf } from "../pages/journeyStatus.js";

/** The Publish button's tooltip: why it is off, or what it does. */
function publishTitle({ sameAsVersion, validating, blocked }) {
  if (sameAsVersion !== null) return `Nothing to publish: the draft is the same as version ${sameAsVersion}`;
  if (validating) return "Checking the journey…";
  return blocked ? "Fix the problems first" : "Freeze the draft as a new version";
}

/** `sameAsVersion`: the published version the saved draft is identical to, or null. */
export default function Toolbar({ onSave, onPublish, onToggle, saving, validation, readOnly, sameAsVersion = null }) {
  const meta = useEditor((s) => s.meta);
  const dirty = useEditor((s) => s.dirty);
  const canUndo = useEditor((s) => s.past.length > 0);
  const canRedo = useEditor((s) => s.future.length > 0);
  const problems = useEditor((s) => s.problems.length);
  const validating = useEditor((s) => s.validating);
  const { fitView } = useReactFlow();
  const status = statusOf(meta);
  // Blocked until the latest edit has been checked, not just the one before it.
  const publishBlocked = validating || validation.valid !== true || problems > 0;
  return (
    <div className="editor-toolbar" role="toolbar" aria-label="Journey tools">
      <Link to="/journeys" className="back">← Journeys</Link>
      <strong className="journey-name">{meta?.name}</strong>
      <span className={`badge ${status}`} data-testid="journey-status">{status}</span>
      <span className={dirty ? "dirty" : "saved muted"} data-testid="save-state" aria-live="polite">
        {dirty ? "● Unsaved changes" : "All changes saved"}
      </span>
      <span className="spacer" />
      <button type="button" onClick={() => editorStore.getState().undo()} disabled={!canUndo || readOnly} title="Undo (Ctrl+Z)">Undo</button>
      <button type="button" onClick={() => editorStore.getState().redo()} disabled={!canRedo || readOnly} title="Redo (Ctrl+Y)">Redo</button>
      <button type="button" onClick={() => { editorStore.getState().autoLayout(); setTimeout(() => fitView({ padding: 0.2, duration: 300 }), 50); }}
        disabled={readOnly}>Auto-layout</button>
      <button type="button" onClick={() => fitView({ padding: 0.2, duration: 300 })}>Fit view</button>
      {!readOnly && (
        <>
          <button type="button" className="primary" onClick={onSave} disabled={saving || !dirty} title="Save the draft (Ctrl+S)">
            {saving ? "Saving…" : "Save"}
          </button>
          <ConfirmButton className="primary" disabled={publishBlocked || saving || sameAsVersion !== null}
            title={publishTitle({ sameAsVersion, validating, blocked: publishBlocked })}
            question="Publish the draft as a new version?" confirmLabel="Publish" onConfirm={onPublish}>
            Publish
          </ConfirmButton>
          {meta?.enabled ? (
            <ConfirmButton className="danger" question="Stop enrolling and pause this journey?" confirmLabel="Disable" onConfirm={() => onToggle(false)}>
              Disable
            </ConfirmButton>
          ) : (
            <ConfirmButton disabled={!meta?.published_version} title={meta?.published_version ? "Start enrolling accounts" : "Publish a version first"}
              question="Start enrolling accounts into the published version?" confirmLabel="Enable" onConfirm={() => onToggle(true)}>
              Enable
            </ConfirmButton>
          )}
        </>
      )}
    </div>
  );
}
