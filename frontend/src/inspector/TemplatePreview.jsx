// Shows email/task text with merge fields filled from a real account: by default one of the
// workspace's own (the demo's accounts on a fresh install), or one picked by external id.
// Only an empty workspace (or an API that cannot answer) falls back to a made-up sample.
import { useEffect, useId, useState } from "react";
import { getAccount, listAccounts } from "../api/accounts.js";
import { useCatalog } from "./catalogContext.js";
import { mergeContext, renderHtmlTemplate, renderTemplate, SAMPLE_ACCOUNT } from "./merge.js";

// Each recipient's own link is made when the email is sent (signed, naming the address).
const UNSUBSCRIBE_SAMPLE = "https://…/u/<the recipient's own link>";

/** The account a preview starts with: the first active one with a CSM and a contact (so every
 * merge field has a value), else the first listed, else null. */
export function pickPreviewAccount(items) {
  const list = Array.isArray(items) ? items : [];
  return list.find((a) => a.csm && a.contacts?.length && a.status !== "churned") || list[0] || null;
}

function useDefaultAccount(wanted) {
  const [account, setAccount] = useState(null);
  useEffect(() => {
    if (!wanted) return undefined;
    let alive = true;
    listAccounts({ limit: 25 })
      .then((page) => alive && setAccount(pickPreviewAccount(page?.items)))
      .catch(() => {}); // the sample stands in
    return () => { alive = false; };
  }, [wanted]);
  return account;
}

/** `html`: the HTML part, shown in a sandboxed frame (no scripts, no links followed);
 * `actions(account)`: more controls for the previewed account (e.g. Send test). */
export default function TemplatePreview({ subject, body, html, actions }) {
  const catalog = useCatalog();
  const [chosen, setChosen] = useState(null);
  const [externalId, setExternalId] = useState("");
  const [error, setError] = useState(null);
  const fieldId = useId();
  const fallback = useDefaultAccount(!!(subject || body || html));
  if (!subject && !body && !html) return null;
  const account = chosen || fallback;
  const ctx = { ...mergeContext(account || SAMPLE_ACCOUNT, catalog.users), unsubscribe_url: UNSUBSCRIBE_SAMPLE };

  async function load(e) {
    e.preventDefault();
    setError(null);
    try {
      setChosen(await getAccount(externalId.trim()));
    } catch (err) {
      setError(err.message);
    }
  }

  return (
    <section className="preview" aria-label="Preview">
      <h4>Preview for {ctx.account.name} <span className="muted small">
        {account ? `(${account.external_id})` : "(a sample account)"}</span></h4>
      {subject && <div className="preview-subject">{renderTemplate(subject, ctx)}</div>}
      {body && <div className="preview-body">{renderTemplate(body, ctx)}</div>}
      {html && (
        <iframe className="preview-html" title="HTML part preview" sandbox=""
          style={{ width: "100%", minHeight: "16rem", border: "1px solid #d0d7de", borderRadius: 4, background: "#fff" }}
          srcDoc={renderHtmlTemplate(html, ctx)} />
      )}
      <form className="field-row" onSubmit={load}>
        <label htmlFor={fieldId} className="small">Preview with account (external id)</label>
        <input id={fieldId} placeholder="account external id" value={externalId}
          onChange={(e) => setExternalId(e.target.value)} className="short-wide" />
        <button type="submit" className="small" disabled={!externalId.trim()}>Use account</button>
        {chosen && <button type="button" className="small" onClick={() => setChosen(null)}>Back to default</button>}
      </form>
      {error && <p className="error small" role="alert">{error}</p>}
      {actions && actions(account)}
    </section>
  );
}
