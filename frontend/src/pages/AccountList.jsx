// The browsable account list of /accounts: every account, 50 a page, narrowed by a text search
// (name or external id, debounced), a segment and a CSM. The filters and the page live in the URL
// (?q=&segment=&csm=&page=), so Back from an account's timeline returns to the same page and a
// link can be shared. A CSM starts on their own accounts ("Mine", csm=me); "Any CSM" is csm=any.
import { useEffect, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { listAccounts, listStaff } from "../api/accounts.js";
import { listSegments } from "../api/catalog.js";
import { personLabel } from "../components/person.js";
import { useCurrentUser } from "../session-context.js";

export const PAGE_SIZE = 50;
const DEBOUNCE_MS = 250;

const money = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

/** "1–50 of 200"; "0 of 12" past the last page (nothing matching hides the pager instead). */
export function rangeLabel(offset, shown, total) {
  return shown ? `${offset + 1}–${offset + shown} of ${total}` : `0 of ${total}`;
}

function useSegments() {
  const [segments, setSegments] = useState([]);
  const [error, setError] = useState(null);
  useEffect(() => {
    let alive = true;
    listSegments().then((s) => alive && setSegments(s)).catch((e) => alive && setError(e.message));
    return () => { alive = false; };
  }, []);
  return [segments, error];
}

const ROLE_WORDS = { admin: "admin", sales_manager: "sales manager" };

/** The CSM filter's people: `csms` (role CSM) and `others` — staff of another role who may still be
 *  an account's CSM (the roles model refuses only support: NOT_ACCOUNT_STAFF), listed apart and
 *  named with their role, so no admin or sales manager reads as a CSM. */
export function csmChoices(staff) {
  const owners = (staff || []).filter((u) => u.role !== "support");
  return { csms: owners.filter((u) => u.role === "csm"), others: owners.filter((u) => u.role !== "csm") };
}

/** Staff who may be an account's CSM (support may not), for the CSM filter. */
function useCsms() {
  const [staff, setStaff] = useState([]);
  useEffect(() => {
    let alive = true;
    listStaff().then((s) => alive && setStaff(s)).catch(() => {}); // names are a nicety
    return () => { alive = false; };
  }, []);
  return { ...csmChoices(staff), staff };
}

/** The CSM filter when the URL has none: a CSM's own accounts, anyone else's every account. */
export const defaultCsm = (user) => (user?.role === "csm" ? "me" : "any");

/** The `csm` the API is asked for: nothing for "any". */
export const csmQuery = (csm) => (csm && csm !== "any" ? csm : undefined);

export default function AccountList() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const user = useCurrentUser();
  const q = params.get("q") || "";
  const segment = params.get("segment") || "";
  const csmDefault = defaultCsm(user);
  const csm = params.get("csm") || csmDefault;
  const page = Math.max(1, Number.parseInt(params.get("page"), 10) || 1);
  const offset = (page - 1) * PAGE_SIZE;

  const [text, setText] = useState(q);
  const [result, setResult] = useState(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState(null);
  const [segments, segmentsError] = useSegments();
  const csms = useCsms();
  // the CSM by name, as the filter and the account page say them (the email in the title)
  const csmName = (email) => csms.staff.find((u) => u.email === email)?.name || email;

  /** Change the URL's filters; any change other than the page goes back to page 1. */
  function update(changes, replace = !("page" in changes)) {
    const next = { q, segment, csm, page: 1, ...changes };
    const out = new URLSearchParams();
    if (next.q) out.set("q", next.q);
    if (next.segment) out.set("segment", next.segment);
    // "any" only needs saying when it is not what this user starts on; anything else always
    // (a CSM's link to "Mine" says csm=me)
    if (next.csm && (next.csm !== "any" || csmDefault !== "any")) out.set("csm", next.csm);
    if (next.page > 1) out.set("page", String(next.page));
    setParams(out, { replace });
  }

  // A CSM opening /accounts: their own accounts, said in the URL so it can be shared.
  useEffect(() => {
    if (!params.get("csm") && csmDefault !== "any") update({ csm: csmDefault, page }, true);
  }, [params, csmDefault]); // eslint-disable-line react-hooks/exhaustive-deps -- update() reads only the URL's filters

  // The URL changed under us (Back, a link): show its search in the box.
  useEffect(() => { setText((t) => (t.trim() === q ? t : q)); }, [q]);

  useEffect(() => {
    if (text.trim() === q) return undefined;
    const t = setTimeout(() => update({ q: text.trim() }), DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [text, q, segment, csm]); // eslint-disable-line react-hooks/exhaustive-deps -- update() reads only these

  useEffect(() => {
    let alive = true;
    setLoading(true);
    listAccounts({ q, segment, csm: csmQuery(csm), limit: PAGE_SIZE, offset })
      // The range shown is the one these rows are from, not the page just asked for.
      .then((r) => alive && (setResult({ ...r, offset }), setError(null)))
      .catch((e) => alive && (setResult(null), setError(e.message)))
      .finally(() => alive && setLoading(false));
    return () => { alive = false; };
  }, [q, segment, csm, offset]);

  const segmentName = Object.fromEntries(segments.map((s) => [s.key, s.name]));
  const open = (a) => `/accounts/${encodeURIComponent(a.external_id)}`;
  const from = { from: params.toString() };
  const items = result?.items || [];
  const total = result?.total ?? 0;

  return (
    <section aria-label="All accounts">
      <form className="toolbar filters" role="search" aria-label="Filter accounts" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="account-q">Find an account (name or external id)</label>
        <input id="account-q" type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="acme" autoComplete="off" />
        <label htmlFor="account-segment">Segment</label>
        <select id="account-segment" value={segment} onChange={(e) => update({ segment: e.target.value })}>
          <option value="">All accounts</option>
          {segments.map((s) => (
            <option key={s.key} value={s.key}>{s.name}{s.accounts !== undefined ? ` (${s.accounts})` : ""}</option>
          ))}
        </select>
        <label htmlFor="account-csm">CSM</label>
        <select id="account-csm" className="csm-filter" value={csm} onChange={(e) => update({ csm: e.target.value })}>
          <option value="any">Any CSM</option>
          {user && <option value="me">Mine</option>}
          <option value="none">No CSM</option>
          {csms.csms.length > 0 && (
            <optgroup label="CSMs">
              {csms.csms.map((u) => <option key={u.email} value={u.email}>{personLabel(u)}</option>)}
            </optgroup>
          )}
          {csms.others.length > 0 && (
            <optgroup label="Other staff who can be a CSM">
              {csms.others.map((u) => <option key={u.email} value={u.email}>{personLabel(u)} · {ROLE_WORDS[u.role] || u.role}</option>)}
            </optgroup>
          )}
          {!["any", "me", "none"].includes(csm) && ![...csms.csms, ...csms.others].some((u) => u.email === csm) && <option value={csm}>{csm}</option>}
        </select>
      </form>
      {segmentsError && <p className="banner error" role="alert">Could not load the segments: {segmentsError}</p>}
      {error && <p className="banner error" role="alert">Could not load the accounts: {error}</p>}
      {result && total > 0 && (
        <nav className="toolbar pager" aria-label="Account pages">
          <span className="pager-count" aria-live="polite">{rangeLabel(result.offset, items.length, total)}</span>
          <button type="button" className="small" disabled={page <= 1 || loading} onClick={() => update({ page: page - 1 })}>Previous</button>
          <button type="button" className="small" disabled={offset + PAGE_SIZE >= total || loading} onClick={() => update({ page: page + 1 })}>Next</button>
        </nav>
      )}
      {result && items.length === 0 && (
        <div className="empty">{total > 0 ? "No accounts on this page." : q ? `No account matches “${q}”${csm === "me" ? " among yours" : csm !== "any" ? " with this CSM filter" : ""}.` : segment ? "No account is in this segment."
          : csm === "me" ? "You are no account's CSM yet." : csm === "none" ? "Every account has a CSM." : csm !== "any" ? "No account has this CSM." : "No accounts yet."}
          {total === 0 && csm !== "any" && (q || segment) && (
            <> <button type="button" className="small" onClick={() => update({ csm: "any" })}>Search every account</button></>
          )}
        </div>
      )}
      {items.length > 0 && (
        <table className="data account-list" aria-label="Accounts" aria-busy={loading}>
          <thead>
            <tr><th>Name</th><th>External id</th><th>Stage</th><th className="num">MRR</th><th>CSM</th><th>Segments</th></tr>
          </thead>
          <tbody>
            {items.map((a) => (
              // The name is the link (keyboard, screen readers); the whole row is a mouse target too.
              <tr key={a.external_id} data-testid={`account-row-${a.external_id}`}
                onClick={(e) => { if (!e.target.closest("a")) navigate(open(a), { state: from }); }}>
                <td><Link to={open(a)} state={from}>{a.name || a.external_id}</Link></td>
                <td className="muted">{a.external_id}</td>
                <td>{a.stage}</td>
                <td className="num">{a.mrr === null || a.mrr === undefined ? "" : money.format(a.mrr)}</td>
                <td>{a.csm ? <span title={a.csm}>{csmName(a.csm)}</span> : <span className="muted">unassigned</span>}</td>
                <td>
                  <ul className="tag-list">
                    {(a.segments || []).map((k) => <li key={k} className="badge">{segmentName[k] || k}</li>)}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
