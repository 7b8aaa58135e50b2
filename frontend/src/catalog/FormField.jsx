// A labelled control with its hint and the API's message for it (shown in red, tied by aria-describedby).
import { useId } from "react";

/** children: (props) => control, given {id, "aria-invalid", "aria-describedby"} to spread on it. */
export default function FormField({ label, error, hint, children }) {
  const id = useId();
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {hint && <span id={`${id}-hint`} className="muted small">{hint}</span>}
      {error && <span id={`${id}-error`} className="error small" role="alert">{error}</span>}
    </div>
  );
}

/** A key people can read: "Renewal in 90 days" → "renewal-in-90-days". */
export function slugify(text) {
  return String(text || "").toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 100);
}
