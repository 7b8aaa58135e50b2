// /accounts[/:externalId] — support view: find an account, see its journeys step by step,
// its tasks and emails; unenroll or retry (not for the support role).
import { useEffect, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { getAccount, searchAccounts } from "../api/accounts.js";
import AccountTimeline from "./AccountTimeline.jsx";

function Search({ onPick }) {
  const [q, setQ] = useState("");
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);

  useEffect(() => {
    if (!q.trim()) { setItems(null); return undefined; }
    let alive = true;
    const t = setTimeout(() => {
      searchAccounts(q.trim()).then((r) => alive && (setItems(r), setError(null))).catch((e) => alive && setError(e.message));
    }, 250);
    return () => { alive = false; clearTimeout(t); };
  }, [q]);

  return (
    <section className="account-search" aria-label="Find an account">
      <label htmlFor="account-q">Find an account (name or external id)</label>
      <input id="account-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="acme" autoComplete="off" />
      {error && <p className="error" role="alert">{error}</p>}
      {items && items.length === 0 && <p className="muted">No account matches “{q}”.</p>}
      {items && items.length > 0 && (
        <ul className="search-results">
          {items.map((a) => (
            <li key={a.external_id}>
              <button type="button" className="link-button" onClick={() => onPick(a.external_id)}>{a.name || a.external_id}</button>
              <span className="muted small"> {a.external_id}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function AccountCard({ account }) {
  const fields = ["mrr", "amount", "licenses", "stage", "status", "created_on", "next_billing_on", "csm", "sales_manager"];
  return (
    <section className="card" aria-label="Account">
      <h2>{account.name} <span className="muted small">{account.external_id}</span></h2>
      <dl className="detail-list inline">
        {fields.filter((f) => account[f] !== undefined && account[f] !== null).map((f) => (
          <div key={f}><dt>{f.replaceAll("_", " ")}</dt><dd>{String(account[f])}</dd></div>
        ))}
        {Object.entries(account.custom || {}).map(([k, v]) => (
          <div key={k}><dt>{k}</dt><dd>{JSON.stringify(v)}</dd></div>
        ))}
      </dl>
    </section>
  );
}

export default function AccountsPage() {
  const { externalId } = useParams();
  const navigate = useNavigate();
  const [account, setAccount] = useState(null);
  const [error, setError] = useState(null);

  useEffect(() => {
    setAccount(null);
    setError(null);
    if (!externalId) return undefined;
    let alive = true;
    getAccount(externalId).then((a) => alive && setAccount(a)).catch((e) => alive && setError(e.message));
    return () => { alive = false; };
  }, [externalId]);

  return (
    <main className="page">
      <h1>Accounts</h1>
      <Search onPick={(id) => navigate(`/accounts/${encodeURIComponent(id)}`)} />
      {!externalId && <p className="muted">Search for an account to see every journey it is in, what each step decided and why, and its tasks and emails.</p>}
      {externalId && error && <p className="banner error" role="alert">{error} <Link to="/accounts">Back</Link></p>}
      {account && <AccountCard account={account} />}
      {externalId && !error && <AccountTimeline externalId={externalId} />}
    </main>
  );
}
