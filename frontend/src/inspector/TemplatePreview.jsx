// Shows email/task text with merge fields filled from a sample account (or a real one).
import { useState } from "react";
import { getAccount } from "../api/accounts.js";
import { useCatalog } from "./catalogContext.js";
import { mergeContext, renderTemplate, SAMPLE_ACCOUNT } from "./merge.js";

export default function TemplatePreview({ subject, body }) {
  const catalog = useCatalog();
  const [account, setAccount] = useState(null);
  const [externalId, setExternalId] = useState("");
  const [error, setError] = useState(null);
  if (!subject && !body) return null;
  const ctx = mergeContext(account || SAMPLE_ACCOUNT, catalog.users);

  async function load(e) {
    e.preventDefault();
    setError(null);
    try {
      setAccount(await getAccount(externalId.trim()));
    } catch (err) {
      setError(err.message);
    }
  }

  return (
    <section className="preview" aria-label="Preview">
      <h4>Preview for {ctx.account.name}</h4>
      {subject && <div className="preview-subject">{renderTemplate(subject, ctx)}</div>}
      {body && <div className="preview-body">{renderTemplate(body, ctx)}</div>}
      <form className="field-row" onSubmit={load}>
        <input aria-label="Preview with account (external id)" placeholder="account external id" value={externalId}
          onChange={(e) => setExternalId(e.target.value)} className="short-wide" />
        <button type="submit" className="small" disabled={!externalId.trim()}>Use account</button>
        {account && <button type="button" className="small" onClick={() => setAccount(null)}>Sample</button>}
      </form>
      {error && <p className="error small" role="alert">{error}</p>}
    </section>
  );
}
