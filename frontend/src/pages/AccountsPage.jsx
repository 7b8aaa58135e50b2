// /accounts[/:externalId] — support view: browse or find an account, see its journeys step by
// step, its tasks and emails; unenroll or retry (not for the support role).
import { useEffect, useState } from "react";
import { Link, useLocation, useParams } from "react-router";
import { getAccount } from "../api/accounts.js";
import AccountList from "./AccountList.jsx";
import AccountTimeline from "./AccountTimeline.jsx";

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
  const location = useLocation();
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

  if (!externalId) {
    return (
      <main className="page">
        <h1>Accounts</h1>
        <p className="muted">Open an account to see every journey it is in, what each step decided and why, and its tasks and emails.</p>
        <AccountList />
      </main>
    );
  }
  // Back to the list page (search, segment, page) the account was opened from.
  const from = location.state?.from;
  const back = `/accounts${from ? `?${from}` : ""}`;
  return (
    <main className="page">
      <h1>Accounts</h1>
      <p><Link to={back}>← All accounts</Link></p>
      {error && <p className="banner error" role="alert">{error}</p>}
      {account && <AccountCard account={account} />}
      {!error && <AccountTimeline externalId={externalId} />}
    </main>
  );
}
