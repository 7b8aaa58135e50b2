// Shows email/task text with merge fields filled from a real account: by default one of the
// workspace's own (the demo's accounts on a fresh install), or another found by its name (or
// external id: GET /api/accounts?q= matches both). Only an empty workspace (or an API that
// cannot answer) falls back to a made-up sample.
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

/** Another account to preview with, found by name: matches appear as the name is typed. */
function OtherAccount({ onPick }) {
  const id = useId();
  const [q, setQ] = useState("");
  const [found, setFound] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    const text = q.trim();
    if (!text) { setFound(null); return undefined; }
    let alive = true;
    const t = setTimeout(() => {
      listAccounts({ q: text, limit: 6 })
        .then((page) => alive && (setFound(page?.items || []), setError(null)))
        .catch((e) => alive && setError(e.message));
    }, 200);
    return () => { alive = false; clearTimeout(t); };
  }, [q]);
  async function pick(account) {
    setError(null);
    try {
      onPick(await getAccount(account.external_id)); // the whole account: custom fields, contacts
      setQ("");
    } catch (e) {
      setError(e.message);
    }
  }
  return (
    <div className="field account-picker">
      <label htmlFor={id} className="small">Preview with another account</label>
      <input id={id} type="search" value={q} placeholder="Type a name…" autoComplete="off" className="short-wide"
        onChange={(e) => setQ(e.target.value)} />
      {found && found.length === 0 && <span className="muted small">No account matches “{q.trim()}”.</span>}
      {found && found.length > 0 && (
        <ul className="picker-results" aria-label="Matching accounts">
          {found.map((a) => (
            <li key={a.external_id}>
              <button type="button" className="link-button" onClick={() => pick(a)}>
                {a.name || a.external_id} <span className="muted small">{a.external_id}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && <p className="error small" role="alert">{error}</p>}
    </div>
  );
}

/** `html`: the HTML part, shown in a sandboxed frame (no scripts, no links followed);
 * `actions(account)`: more controls for the previewed account (e.g. Send test). */
export default function TemplatePreview({ subject, body, html, actions }) {
  const catalog = useCatalog();
  const [chosen, setChosen] = useState(null);
  const fallback = useDefaultAccount(!!(subject || body || html));
  if (!subject && !body && !html) return null;
  const account = chosen || fallback;
  const ctx = { ...mergeContext(account || SAMPLE_ACCOUNT, catalog.users), unsubscribe_url: UNSUBSCRIBE_SAMPLE };

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
      <OtherAccount onPick={setChosen} />
      {chosen && <button type="button" className="small" onClick={() => setChosen(null)}>Back to the first account</button>}
      {actions && actions(account)}
    </section>
  );
}
