// A button that asks "are you sure?" inline before doing something consequential. `details`
// (optional) says what will happen, below the question; `onAsk` runs when the question opens
// (e.g. to count what the action would touch). `details` may be a function ({close, confirm}) =>
// node, for details with their own controls (a field that confirms on Enter, a button that closes
// the question). `popover` shows the question floating under where the button was (a toolbar
// keeps its one line). Escape closes the question. A destructive one (className "danger") starts
// with the focus on Cancel, so an Enter pressed twice never deletes.
import { useState } from "react";

export default function ConfirmButton({ children, question, confirmLabel, onConfirm, className = "", disabled, title, details, onAsk, popover = false }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const destructive = /\bdanger\b/.test(className);
  const run = async () => {
    if (busy) return;
    setBusy(true);
    try { await onConfirm(); } finally { setBusy(false); setAsking(false); }
  };
  if (!asking) {
    return <button type="button" className={className} disabled={disabled} title={title} onClick={() => { setAsking(true); onAsk?.(); }}>{children}</button>;
  }
  const group = (
    <span className={popover ? "confirm popover" : "confirm"} role="group" aria-label={question}
      onKeyDown={(e) => { if (e.key === "Escape") { e.stopPropagation(); setAsking(false); } }}>
      <span>{question}</span>
      {details && <span className="confirm-details" data-testid="confirm-details">{typeof details === "function" ? details({ close: () => setAsking(false), confirm: run }) : details}</span>}
      <button type="button" className={`small ${className}`} disabled={busy} autoFocus={!destructive} onClick={run}>
        {confirmLabel}
      </button>
      <button type="button" className="small" autoFocus={destructive} onClick={() => setAsking(false)}>Cancel</button>
    </span>
  );
  return popover ? <span className="confirm-anchor">{group}</span> : group;
}
