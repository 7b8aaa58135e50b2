// Asks before any in-app route change while there are unsaved edits: "← Journeys", the header's
// links, Back, and links inside the page. Needs a data router (main.jsx); under a plain <Router>
// (some unit tests) it renders nothing. Reloads and closing the tab are the page's beforeunload.
import { useContext, useEffect, useState } from "react";
import { UNSAFE_DataRouterContext, useBlocker } from "react-router";

/** Same page, same query: only the hash or state changed, which loses nothing. */
const samePlace = (a, b) => a.pathname === b.pathname && a.search === b.search;

function Blocker({ when, onSave, what }) {
  const blocker = useBlocker(({ currentLocation, nextLocation }) => !!when && !samePlace(currentLocation, nextLocation));
  const [saving, setSaving] = useState(false);
  const blocked = blocker.state === "blocked";
  // Escape is "Stay on this page", as it closes any dialog
  useEffect(() => {
    if (!blocked || saving) return undefined;
    const onKey = (e) => { if (e.key === "Escape") { e.preventDefault(); e.stopPropagation(); blocker.reset(); } };
    document.addEventListener("keydown", onKey, true);
    return () => document.removeEventListener("keydown", onKey, true);
  }, [blocked, saving, blocker]);
  if (!blocked) return null;
  const saveAndLeave = async () => {
    setSaving(true);
    try {
      if (await onSave()) blocker.proceed();
      else blocker.reset();
    } finally {
      setSaving(false);
    }
  };
  return (
    <div className="modal-backdrop">
      <div className="modal" role="alertdialog" aria-modal="true" aria-labelledby="unsaved-title" aria-describedby="unsaved-text">
        <h2 id="unsaved-title">Leave without saving?</h2>
        <p id="unsaved-text">{what || "This page"} has changes that are not saved. If you leave now they are lost.</p>
        <div className="field-row">
          <button type="button" autoFocus onClick={() => blocker.reset()} disabled={saving}>Stay on this page</button>
          {onSave && <button type="button" className="primary" onClick={saveAndLeave} disabled={saving}>Save and leave</button>}
          <button type="button" className="danger" onClick={() => blocker.proceed()} disabled={saving}>Leave without saving</button>
        </div>
      </div>
    </div>
  );
}

/**
 * when: true while there are unsaved edits. onSave (optional): async () => boolean, offered as
 * "Save and leave" (stays when it returns false). what: names the page in the question.
 */
export default function UnsavedChangesGuard(props) {
  const dataRouter = useContext(UNSAFE_DataRouterContext);
  return dataRouter ? <Blocker {...props} /> : null;
}
