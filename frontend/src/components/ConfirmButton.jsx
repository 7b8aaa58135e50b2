// A button that asks "are you sure?" inline before doing something consequential.
import { useState } from "react";

export default function ConfirmButton({ children, question, confirmLabel, onConfirm, className = "", disabled, title }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!asking) {
    return <button type="button" className={className} disabled={disabled} title={title} onClick={() => setAsking(true)}>{children}</button>;
  }
  return (
    <span className="confirm" role="group" aria-label={question}>
      <span>{question}</span>
      <button type="button" className={`small ${className}`} disabled={busy} autoFocus
        onClick={async () => { setBusy(true); try { await onConfirm(); } finally { setBusy(false); setAsking(false); } }}>
        {confirmLabel}
      </button>
      <button type="button" className="small" onClick={() => setAsking(false)}>Cancel</button>
    </span>
  );
}
