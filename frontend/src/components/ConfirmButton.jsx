// A button that asks "are you sure?" inline before doing something consequential. `details`
// (optional) says what will happen, below the question; `onAsk` runs when the question opens
// (e.g. to count what the action would touch). `details` may be a function ({close}) => node,
// for details with their own controls (a field, a button that closes the question). `popover`
// shows the question floating under where the button was (a toolbar keeps its one line);
// Escape closes it.
import { useState } from "react";

export default function ConfirmButton({ children, question, confirmLabel, onConfirm, className = "", disabled, title, details, onAsk, popover = false }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!asking) {
    return <button type="button" className={className} disabled={disabled} title={title} onClick={() => { setAsking(true); onAsk?.(); }}>{children}</button>;
  }
  const group = (
    <span className={popover ? "confirm popover" : "confirm"} role="group" aria-label={question}
      onKeyDown={popover ? (e) => { if (e.key === "Escape") setAsking(false); } : undefined}>
      <span>{question}</span>
      {details && <span className="confirm-details" data-testid="confirm-details">{typeof details === "function" ? details({ close: () => setAsking(false) }) : details}</span>}
      <button type="button" className={`small ${className}`} disabled={busy} autoFocus
        onClick={async () => { setBusy(true); try { await onConfirm(); } finally { setBusy(false); setAsking(false); } }}>
        {confirmLabel}
      </button>
      <button type="button" className="small" onClick={() => setAsking(false)}>Cancel</button>
    </span>
  );
  return popover ? <span className="confirm-anchor">{group}</span> : group;
}
