// The browsable account list of /accounts: every account, 50 a page, narrowed by a text search
// (name or external id, debounced) and a segment. The filters and the page live in the URL
// (?q=&segment=&page=), so Back from an account's timeline returns to the same page.
import { useEffect, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { listAccounts } from "../api/accounts.js";
import { listSegments } from "../api/catalog.js";

export const PAGE_SIZE = 50;
const DEBOUNCE_MS = 250;

const money = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

/** "1–50 of 200"; "0 of 0" when nothing matches. */
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

export default function AccountList() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const q = params.get("q") || "";
  const segment = params.get("segment") || "";
  const page = Math.max(1, Number.parseInt(params.get("page"), 10) || 1);
  const offset = (page - 1) * PAGE_SIZE;

  const [text, setText] = useState(q);
  const [result, setResult] = useState(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState(null);
  const [segments, segmentsError] = useSegments();

  /** Change the URL's filters; any change other than the page goes back to page 1. */
  function update(changes) {
    const next = { q, segment, page: 1, ...changes };
    const out = new URLSearchParams();
    if (next.q) out.set("q", next.q);
    if (next.segment) out.set("segment", next.segment);
    if (next.page > 1) out.set("page", String(next.page));
    setParams(out, { replace: !("page" in changes) });
  }

  // The URL changed under us (Back, a link): show its search in the box.
  useEffect(() => { setText((t) => (t.trim() === q ? t : q)); }, [q]);

  useEffect(() => {
    if (text.trim() === q) return undefined;
    const t = setTimeout(() => update({ q: text.trim() }), DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [text, q, segment]); // eslint-disable-line react-hooks/exhaustive-deps -- update() reads only these

  useEffect(() => {
    let alive = true;
    setLoading(true);
    listAccounts({ q, segment, limit: PAGE_SIZE, offset })
      // The range shown is the one these rows are from, not the page just asked for.
      .then((r) => alive && (setResult({ ...r, offset }), setError(null)))
      .catch((e) => alive && (setResult(null), setError(e.message)))
      .finally(() => alive && setLoading(false));
    return () => { alive = false; };
  }, [q, segment, offset]);

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
      </form>
      {segmentsError && <p className="banner error" role="alert">Could not load the segments: {segmentsError}</p>}
      {error && <p className="banner error" role="alert">Could not load the accounts: {error}</p>}
      {result && (
        <nav className="toolbar pager" aria-label="Account pages">
          <span className="pager-count" aria-live="polite">{rangeLabel(result.offset, items.length, total)}</span>
          <button type="button" className="small" disabled={page <= 1 || loading} onClick={() => update({ page: page - 1 })}>Previous</button>
          <button type="button" className="small" disabled={offset + PAGE_SIZE >= total || loading} onClick={() => update({ page: page + 1 })}>Next</button>
        </nav>
      )}
      {result && items.length === 0 && (
        <div className="empty">{total > 0 ? "No accounts on this page." : q ? `No account matches “${q}”.` : segment ? "No account is in this segment." : "No accounts yet."}</div>
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
                <td>{a.csm || <span className="muted">unassigned</span>}</td>
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
