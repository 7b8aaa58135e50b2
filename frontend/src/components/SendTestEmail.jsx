// "Send test": renders an email for a chosen account and sends it to the signed-in user
// (POST /api/templates/<key>/test, or /api/emails/test for an email written in the node).
import { useId, useState } from "react";
import { sendEmailTest, sendTemplateTest } from "../api/emails.js";
import { useCurrentUser } from "../session-context.js";

// The roles the API lets send a test (POST /api/templates/<key>/test, /api/emails/test).
const TESTERS = ["admin", "csm"];
const NOT_YOURS = "Only CSMs and admins may send tests.";

/** `template`: a saved template's key; else `content` ({subject, body, html_body}).
 * `account` (the previewed one, {external_id, name}): the test is filled in for it, and no field
 * asks for an external id; without one, the field does. */
export default function SendTestEmail({ template, content, account: previewed = null, defaultAccount = previewed?.external_id || "" }) {
  const user = useCurrentUser();
  const [account, setAccount] = useState("");
  const [state, setState] = useState(null); // {kind: "ok" | "error" | "busy", text}
  const chosen = (account || defaultAccount).trim();
  const ready = chosen && (template || (content?.subject && content?.body));
  const mayTest = TESTERS.includes(user?.role);
  const fieldId = useId();

  async function send(e) {
    e.preventDefault();
    if (!mayTest) return; // Enter in the field: the button is off, so is the form
    setState({ kind: "busy", text: "Sending…" });
    try {
      const sent = template ? await sendTemplateTest(template, chosen) : await sendEmailTest(content, chosen);
      setState({ kind: "ok", text: sent.status === "kept"
        ? `Test kept in the outbox (#${sent.id}): no mail server is set up.`
        : `Test sent to ${sent.to} (outbox #${sent.id}).` });
    } catch (err) {
      setState({ kind: "error", text: `Not sent: ${err.message}` });
    }
  }

  return (
    <form className="send-test field-row" onSubmit={send} aria-label="Send a test email">
      {/* a visible label: a placeholder alone ("acct-001") does not say what the field is for */}
      {!previewed && <label htmlFor={fieldId} className="small">Test for account (external id)</label>}
      {!previewed && (
        <input id={fieldId} className="short-wide" value={account} disabled={!mayTest}
          placeholder={defaultAccount || "account external id"} onChange={(e) => setAccount(e.target.value)} />
      )}
      <button type="submit" className="small" disabled={!mayTest || !ready || state?.kind === "busy"}
        title={!mayTest ? NOT_YOURS : user?.email ? `Sends to ${user.email}` : "Sends to you"}>Send test</button>
      {!mayTest && <span className="muted small">{NOT_YOURS}</span>}
      {mayTest && !state && <span className="muted small">It goes to you{user?.email ? ` (${user.email})` : ""}, filled in for {previewed ? (previewed.name || previewed.external_id) : "that account"}.</span>}
      {state && <span className={`small ${state.kind === "error" ? "error" : "muted"}`}
        role={state.kind === "error" ? "alert" : "status"}>{state.text}</span>}
    </form>
  );
}
