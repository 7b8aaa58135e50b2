// /accounts[/:externalId] — support view: browse or find an account, see its journeys step by
// step, its tasks and emails; unenroll or retry (not for the support role).
import { useEffect, useState } from "react";
import { Link, useLocation, useParams } from "react-router";
import { getAccount } from "../api/accounts.js";
import { getCatalog } from "../api/catalog.js";
import { CatalogContext, EMPTY_CATALOG } from "../inspector/catalogContext.js";
import { ACCOUNT_FIELDS } from "../inspector/ruleModel.js";
import { names } from "../graph/names.js";
import { valueWords } from "../components/values.js";
import AccountList from "./AccountList.jsx";
import AccountTimeline from "./AccountTimeline.jsx";

/** The account's fields with their labels and typed values (custom ones labelled by the catalog). */
export function AccountCard({ account, catalog = EMPTY_CATALOG }) {
  const n = names(catalog);
  const rows = ACCOUNT_FIELDS.map(([f, label, type]) => [f, label, valueWords(account[f], type)]);
  rows.push(["csm", "CSM", account.csm ? n.user(account.csm) : null], ["sales_manager", "Sales manager", account.sales_manager ? n.user(account.sales_manager) : null]);
  for (const [k, v] of Object.entries(account.custom || {})) {
    const def = (catalog.attributes || []).find((a) => String(a.key).replace(/^custom\./, "") === k);
    rows.push([`custom.${k}`, def?.label || k, valueWords(v, def?.type)]);
  }
  const shown = rows.filter(([f, , words]) => words !== null && words !== "not set" && (f.startsWith("custom.") || (account[f] !== undefined && account[f] !== null)));
  return (
    <section className="card" aria-label="Account">
      <h2>{account.name} <span className="muted small">{account.external_id}</span></h2>
      <dl className="detail-list inline">
        {shown.map(([f, label, words]) => <div key={f}><dt>{label}</dt><dd>{words}</dd></div>)}
      </dl>
    </section>
  );
}

function useCatalogData() {
  const [catalog, setCatalog] = useState(EMPTY_CATALOG);
  useEffect(() => {
    let alive = true;
    getCatalog().then((c) => alive && setCatalog(c)).catch(() => {}); // names are a nicety: keys stay shown
    return () => { alive = false; };
  }, []);
  return catalog;
}

export default function AccountsPage() {
  const { externalId } = useParams();
  const location = useLocation();
  const [account, setAccount] = useState(null);
  const [error, setError] = useState(null);
  const catalog = useCatalogData();

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
    <CatalogContext.Provider value={catalog}>
      <main className="page">
        <h1>Accounts</h1>
        <p><Link to={back}>← All accounts</Link></p>
        {error && <p className="banner error" role="alert">{error}</p>}
        {account && <AccountCard account={account} catalog={catalog} />}
        {!error && <AccountTimeline externalId={externalId} />}
      </main>
    </CatalogContext.Provider>
  );
}
