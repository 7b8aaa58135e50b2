// Secrets for webhook headers (admins): names only — values are write-only — and the signing
// secret of X-Journeys-Signature, whose new value is shown once.
import { useEffect, useState } from "react";
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

export default function SecretsPanel() {
  const [data, setData] = useState(null);
  const [name, setName] = useState("");
  const [value, setValue] = useState("");
  const [shown, setShown] = useState(null);
  const [error, setError] = useState(null);
  const load = () => { forgetSecretNames(); return listSecrets().then(setData).catch((e) => setError(e.message)); };
  useEffect(() => { load(); }, []);

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
  const rotate = async () => {
    try {
      setShown((await rotateSigningSecret()).value);
      load();
    } catch (err) {
      setError(err.message);
    }
  };
  return (
    <section aria-label="Secrets">
      <h2>Secrets</h2>
      <p className="muted small">Header values use them as <code>{"{{ secret.NAME }}"}</code>. Values are encrypted and never shown again.</p>
      {error && <p className="banner error" role="alert">{error}</p>}
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
      <form onSubmit={save} className="row">
        <input aria-label="Secret name" value={name} onChange={(e) => setName(e.target.value)} placeholder="CRM_TOKEN" />
        <input aria-label="Secret value" type="password" autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} />
        <button type="submit" disabled={!name || !value}>Save secret</button>
      </form>
      <h3>Signing secret</h3>
      <p className="muted small">Every call carries <code>X-Journeys-Signature: t=…,v1=HMAC-SHA256(secret, "t.body")</code>.
        {data?.signing?.exists ? <> A signing secret exists (made <Moment at={data.signing.created_at} />); a new one replaces it at once.</> : ""}</p>
      {data && !data.signing?.exists && (
        <p className="banner error" role="alert" aria-label="No signing secret">
          No signing secret yet: webhook calls are not sent (their steps fail and say so) until you make one. Its value is shown once, to give to the receivers.
        </p>
      )}
      {data?.signing?.exists ? (
        <ConfirmButton className="danger" question="Replace the signing secret now?" confirmLabel="Make a new secret" onConfirm={rotate}
          details="The old secret stops working at once: every receiver rejects the signatures of later calls until you give it the new value, shown here once.">
          Make a new signing secret
        </ConfirmButton>
      ) : (
        <button type="button" onClick={rotate}>Make the signing secret</button>
      )}
      {shown && (
        <p className="banner info" role="status" aria-label="New signing secret">
          Copy it now — it is not shown again: <code>{shown}</code>
        </p>
      )}
    </section>
  );
}
