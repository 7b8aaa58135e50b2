// Published versions of the journey: which is live, how many accounts walk each, who published
// it and when; any can be viewed or copied back into the draft (undoable).
import { useEffect, useState } from "react";
import { getVersionDiff, listVersions } from "../api/journeys.js";
import { diffWords } from "./versionDiff.js";
import { editorStore } from "../store/editorStore.js";
import { useCatalog } from "../inspector/catalogContext.js";
import { names } from "../graph/names.js";
import Moment from "../components/Moment.jsx";

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export default function VersionsPanel({ journeyId, readOnly, onView }) {
  const [versions, setVersions] = useState(null);
  const [error, setError] = useState(null);
  const [diffs, setDiffs] = useState({}); // version -> its changes against the one before
  const n = names(useCatalog());

  useEffect(() => {
    let alive = true;
    listVersions(journeyId).then((v) => {
      if (!alive) return;
      setVersions(v);
      for (const { version } of [...v].sort((a, b) => b.version - a.version).slice(0, 10)) {
        getVersionDiff(journeyId, version).then((d) => alive && setDiffs((all) => ({ ...all, [version]: d }))).catch(() => {});
      }
    }).catch((e) => alive && setError(e.message));
    return () => { alive = false; };
  }, [journeyId]);

  return (
    <section className="panel-section" aria-label="Version history">
      {error && <p className="banner error" role="alert">{error}</p>}
      {versions && versions.length === 0 && <p className="muted">Not published yet. Publishing freezes the draft as version 1.</p>}
      {versions && versions.length > 0 && (
        <ul className="versions">
          {[...versions].sort((a, b) => b.version - a.version).map((v) => (
            <li key={v.version} data-testid={`version-${v.version}`} className={v.live ? "version live" : "version"}>
              <div className="version-head">
                <strong>Version {v.version}</strong>
                {v.live && <span className="badge live" title="New enrollments use this version">Live</span>}
              </div>
              <div className="small">
                {plural(v.active ?? 0, "account")} on it now
                {v.enrolled ? <span className="muted"> · {plural(v.enrolled, "enrollment")} in all</span> : null}
              </div>
              <div className="muted small">
                Published <Moment at={v.published_at} />
                {v.published_by ? ` by ${n.user(v.published_by)}` : ""}
              </div>
              {v.note && <div className="version-note small" data-testid={`version-note-${v.version}`}>“{v.note}”</div>}
              {diffs[v.version] && <div className="muted small" data-testid={`version-changes-${v.version}`}>{diffWords(diffs[v.version])}</div>}
              <div className="version-actions">
                <button type="button" className="small" aria-label={`View version ${v.version}`} onClick={() => onView(v.version)}>View</button>
                {!readOnly && (
                  <button type="button" className="small" aria-label={`Copy version ${v.version} into the draft`}
                    onClick={() => editorStore.getState().replaceGraph(v.graph)}
                    title="Replace the canvas with this version (Undo brings your draft back)">Copy into draft</button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
