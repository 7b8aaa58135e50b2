// A button that asks "are you sure?" inline before doing something consequential. `details`
// (optional) says what will happen, below the question; `onAsk` runs when the question opens
// (e.g. to count what the action would touch). `details` may be a function ({close}) => node,
// for details with their own controls (a field, a button that closes the question).
import { useState } from "react";

export default function ConfirmButton({ children, question, confirmLabel, onConfirm, className = "", disabled, title, details, onAsk }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!asking) {
    return <button type="button" className={className} disabled={disabled} title={title} onClick={() => { setAsking(true); onAsk?.(); }}>{children}</button>;
  }
  return (
    <span className="confirm" role="group" aria-label={question}>
      <span>{question}</span>
      {details && <span className="confirm-details" data-testid="confirm-details">{typeof details === "function" ? details({ close: () => setAsking(false) }) : details}</span>}
      <button type="button" className={`small ${className}`} disabled={busy} autoFocus
        onClick={async () => { setBusy(true); try { await onConfirm(); } finally { setBusy(false); setAsking(false); } }}>
        {confirmLabel}
      </button>
      <button type="button" className="small" onClick={() => setAsking(false)}>Cancel</button>
    </span>
  );
}
