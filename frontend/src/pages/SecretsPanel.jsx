// Secrets for webhook headers (admins): names only — values are write-only — and the signing
// secret of X-Journeys-Signature, whose new value is shown once.
import { useCallback, useEffect, useRef, useState } from "react";
import { deleteSecret, listSecrets, putSecret, rotateSigningSecret } from "../api/webhooks.js";
import { forgetSecretNames } from "../inspector/forms/WebhookSecretPicker.jsx";
import { fieldErrors } from "../catalog/apiErrors.js";
import ConfirmButton from "../components/ConfirmButton.jsx";
import Moment from "../components/Moment.jsx";

// The API's rule for a secret's name (backend/schemas/webhooks.py SecretInSchema).
const NAME_RULE = "A secret's name is 1 to 64 letters, digits and underscores (no spaces or dashes), starting with a letter or digit, such as CRM_TOKEN.";

/** Why a save was refused: the name rule in full for a refused name, else the API's message. */
function saveProblem(err) {
  return fieldErrors(err).name ? `Not saved: ${NAME_RULE}` : `Not saved: ${err.message}`;
}

/**
 * The secrets' state, shared by the panel and the notice at the top of the Webhooks page:
 * {data, error, setError, load, rotate, shown: {value, where} | null}. `skip`: load nothing
 * (a user who is not an admin).
 */
export function useSecrets({ skip = false } = {}) {
  const [data, setData] = useState(null);
  const [shown, setShown] = useState(null);
  const [error, setError] = useState(null);
  const load = useCallback(() => {
    forgetSecretNames();
    return listSecrets().then(setData).catch((e) => setError(e.message));
  }, []);
  useEffect(() => { if (!skip) load(); }, [skip, load]);
  const rotate = async (where) => {
    try {
      setShown({ value: (await rotateSigningSecret()).value, where });
      setError(null);
      load();
    } catch (err) {
      setError(err.message);
    }
  };
  return { data, error, setError, load, rotate, shown };
}

/** Puts `text` on the clipboard; false when the browser refuses (an http page not on localhost
 * has no clipboard API, and the old command may be switched off). */
async function copyText(text, field) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    field?.select();
    try {
      return document.execCommand("copy");
    } catch {
      return false;
    }
  }
}

function ShownSecret({ value }) {
  const [copied, setCopied] = useState(null); // null: not tried; true / false: how it went
  const field = useRef(null);
  return (
    <div className="banner info shown-secret" role="status" aria-label="New signing secret">
      <p>Copy it now — it is not shown again:</p>
      <div className="toolbar">
        <input ref={field} readOnly value={value} aria-label="The new signing secret" className="secret-value"
          onFocus={(e) => e.target.select()} size={Math.max(20, value.length)} />
        <button type="button" onClick={async () => setCopied(await copyText(value, field.current))}>Copy</button>
        {copied === true && <span>Copied.</span>}
        {copied === false && <span>This browser would not copy it: it is selected, press Ctrl+C (⌘C on a Mac).</span>}
      </div>
    </div>
  );
}

/**
 * First on the Webhooks page while there is no signing secret: every webhook call is signed, so
 * without one no call goes out and webhook steps fail. Making it here shows the value here, once.
 */
export function SigningSecretNotice({ secrets }) {
  const { data, shown, rotate } = secrets;
  if (shown?.where === "top") return <ShownSecret value={shown.value} />;
  if (!data || data.signing?.exists) return null;
  return (
    <div className="banner warn signing-notice" role="alert" aria-label="No signing secret">
      <p>
        <strong>No signing secret yet.</strong> Every webhook request is signed with it, so until you make one
        webhook calls are not sent: journey steps that call a webhook fail (and say so). Its value is shown once, to
        give to the receivers.
      </p>
      <button type="button" onClick={() => rotate("top")}>Make the signing secret</button>
    </div>
  );
}

export default function SecretsPanel({ secrets: shared }) {
  const own = useSecrets({ skip: Boolean(shared) });
  const { data, error, setError, load, rotate, shown } = shared || own;
  const [name, setName] = useState("");
  const [value, setValue] = useState("");
  const standalone = !shared; // the page shows the "no signing secret" notice itself, first

  const save = async (e) => {
    e.preventDefault();
    try {
      await putSecret(name, value);
      setName("");
      setValue("");
      setError(null);
      load();
    } catch (err) {
      setError(saveProblem(err));
    }
  };
  return (
    <section aria-label="Secrets">
      <h2>Secrets</h2>
      <p className="muted small">Header values use them as <code>{"{{ secret.NAME }}"}</code>. Values are encrypted and never shown again.</p>
      {error && <p className="banner error" role="alert">{error}</p>}
      {data && !data.items?.length && <p className="muted small">No secrets yet.</p>}
      <ul>
        {(data?.items || []).map((s) => (
          <li key={s.name}>
            <code>{s.name}</code> <span className="muted small">updated <Moment at={s.updated_at} /></span>{" "}
            <ConfirmButton className="danger small" question={`Delete the secret ${s.name}?`} confirmLabel="Delete"
              details={`Webhook headers that use {{ secret.${s.name} }} then fail to send until you save it again.`}
              onConfirm={() => deleteSecret(s.name).then(load, (e) => setError(e.message))}>
              Delete
            </ConfirmButton>
          </li>
        ))}
      </ul>
      <form onSubmit={save} className="toolbar filters" aria-label="Add or replace a secret">
        <label htmlFor="secret-name">Name</label>
        <input id="secret-name" aria-label="Secret name" value={name} onChange={(e) => setName(e.target.value)} placeholder="such as CRM_TOKEN" />
        <label htmlFor="secret-value">Value</label>
        <input id="secret-value" aria-label="Secret value" type="password" autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)}
          placeholder="write-only" />
        <button type="submit" disabled={!name || !value}>Save secret</button>
      </form>
      <h3>Signing secret</h3>
      <p className="muted small">Every call carries <code>X-Journeys-Signature: t=…,v1=HMAC-SHA256(secret, "t.body")</code>.
        {data?.signing?.exists ? <> A signing secret exists (made <Moment at={data.signing.created_at} />); a new one replaces it at once.</> : ""}</p>
      {data && !data.signing?.exists && (standalone ? <SigningSecretNotice secrets={{ data, shown: null, rotate: () => rotate("panel") }} />
        : <p className="muted small">None yet: make it at the top of this page.</p>)}
      {data?.signing?.exists && (
        <ConfirmButton className="danger" question="Replace the signing secret now?" confirmLabel="Make a new secret" onConfirm={() => rotate("panel")}
          details="The old secret stops working at once: every receiver rejects the signatures of later calls until you give it the new value, shown here once.">
          Make a new signing secret
        </ConfirmButton>
      )}
      {shown?.where === "panel" && <ShownSecret value={shown.value} />}
    </section>
  );
}
