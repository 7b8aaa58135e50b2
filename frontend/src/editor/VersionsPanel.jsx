// Published versions of the journey; any can be copied back into the draft (undoable).
import { useEffect, useState } from "react";
import { listVersions } from "../api/journeys.js";
import { editorStore } from "../store/editorStore.js";

export default function VersionsPanel({ journeyId, readOnly, onView }) {
  const [versions, setVersions] = useState(null);
  const [error, setError] = useState(null);

  useEffect(() => {
    let alive = true;
    listVersions(journeyId).then((v) => alive && setVersions(v)).catch((e) => alive && setError(e.message));
    return () => { alive = false; };
  }, [journeyId]);

  return (
    <section className="panel-section" aria-label="Version history">
      {error && <p className="banner error" role="alert">{error}</p>}
      {versions && versions.length === 0 && <p className="muted">Not published yet. Publishing freezes the draft as version 1.</p>}
      {versions && versions.length > 0 && (
        <ul className="versions">
          {[...versions].sort((a, b) => b.version - a.version).map((v) => (
            <li key={v.version}>
              <strong>Version {v.version}</strong>
              <span className="muted small"> published {v.published_at ? new Date(v.published_at).toLocaleString() : ""}</span>
              <button type="button" className="small" aria-label={`View version ${v.version}`} onClick={() => onView(v.version)}>View</button>
              {!readOnly && (
                <button type="button" className="small" aria-label={`Copy version ${v.version} into the draft`}
                  onClick={() => editorStore.getState().replaceGraph(v.graph)}
                  title="Replace the canvas with this version (Undo brings your draft back)">Copy into draft</button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
