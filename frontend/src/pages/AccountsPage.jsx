// /accounts[/:externalId] — support view: browse or find an account, see its journeys step by
// step, its tasks and emails; unenroll or retry (not for the support role); edit the account
// (admins and CSMs), its journeys reacting to the new values at once.
import { useEffect, useState } from "react";
import { Link, useLocation, useParams } from "react-router";
import { getAccountVersion } from "../api/accounts.js";
import { getCatalog } from "../api/catalog.js";
import { listSuppressions } from "../api/emails.js";
import { CatalogContext, EMPTY_CATALOG } from "../inspector/catalogContext.js";
import { ACCOUNT_FIELDS } from "../inspector/ruleModel.js";
import { names } from "../graph/names.js";
import { valueWords } from "../components/values.js";
import { dateWords } from "../components/dates.js";
import { useCanChangeAccounts } from "../session-context.js";
import AccountList from "./AccountList.jsx";
import AccountTimeline from "./AccountTimeline.jsx";
import AccountEditForm from "./AccountEditForm.jsx";
import { SuppressedBadge } from "./AccountListEditors.jsx";
import { subscriptionFormFields } from "./accountForm.js";

/** The account's contacts as a table (name, email — marked when unsubscribed —, role). */
function ContactsTable({ contacts, suppressed }) {
  if (!contacts.length) return <p className="muted small">none — emails to contacts are skipped</p>;
  return (
    <table className="data compact" aria-label="Contacts">
      <thead><tr><th>Name</th><th>Email</th><th>Role</th></tr></thead>
      <tbody>{contacts.map((c, i) => (
        <tr key={`${c.email}-${i}`}>
          <td>{c.name || <span className="muted">—</span>}</td>
          <td><span className="field-row">{c.email}<SuppressedBadge address={c.email} suppressed={suppressed} /></span></td>
          <td>{c.role || <span className="muted">—</span>}</td>
        </tr>
      ))}</tbody>
    </table>
  );
}

/** The account's subscriptions as a table: a column for each field any of them has. */
function SubscriptionsTable({ subscriptions, catalog }) {
  if (!subscriptions.length) return <p className="muted small">none</p>;
  const fields = subscriptionFormFields(catalog).filter((f) => subscriptions.some((s) => s[f.key] !== null && s[f.key] !== undefined && s[f.key] !== ""));
  return (
    <table className="data compact" aria-label="Subscriptions">
      <thead><tr>{fields.map((f) => <th key={f.key} className={f.type === "number" ? "num" : undefined}>{f.label}</th>)}</tr></thead>
      <tbody>{subscriptions.map((s, i) => (
        <tr key={i /* subscriptions have no id of their own */}>{fields.map((f) => {
          const words = valueWords(s[f.key], f.type);
          return <td key={f.key} className={f.type === "number" ? "num" : undefined}>{words === "not set" ? <span className="muted">—</span> : words}</td>;
        })}</tr>
      ))}</tbody>
    </table>
  );
}

/** The account's fields with their labels and typed values (custom ones labelled by the catalog),
 *  its contacts (those unsubscribed marked: `suppressed`, lower-cased address → suppression) and
 *  subscriptions; an Edit button when onEdit is given (disabled until the catalog the form needs
 *  is loaded). */
export function AccountCard({ account, catalog = EMPTY_CATALOG, onEdit, editReady = true, suppressed }) {
  const n = names(catalog);
  const rows = ACCOUNT_FIELDS.map(([f, label, type]) => [f, label, valueWords(account[f], type)]);
  rows.push(["csm", "CSM", account.csm ? n.user(account.csm) : null], ["sales_manager", "Sales manager", account.sales_manager ? n.user(account.sales_manager) : null]);
  for (const [k, v] of Object.entries(account.custom || {})) {
    const def = (catalog.attributes || []).find((a) => String(a.key).replace(/^custom\./, "") === k);
    rows.push([`custom.${k}`, def?.label || k, valueWords(v, def?.type)]);
  }
  const shown = rows.filter(([f, , words]) => words !== null && words !== "not set" && (f.startsWith("custom.") || (account[f] !== undefined && account[f] !== null)));
  // What the form marks is shown too, so a save can be seen; and what support asks about first
  // ("why is it in that journey?", "why no email?"): its segments, playbooks and contacts.
  for (const [kind, label, name] of [["milestones", "Milestones met", n.milestone], ["outcomes", "Outcomes reached", n.outcome],
    ["segments", "Segments", n.segment]]) {
    if (account[kind]?.length) shown.push([kind, label, account[kind].map(name).join(", ")]);
  }
  const playbooks = Object.entries(account.playbooks || {});
  if (playbooks.length) {
    shown.push(["playbooks", "Playbooks", playbooks.map(([key, p]) => `${n.playbook(key)} (${p?.status === "completed" ? "completed" : "active"}${p?.due_on ? `, due ${dateWords(p.due_on)}` : ""})`).join(", ")]);
  }
  return (
    <section className="card" aria-label="Account">
      <div className="toolbar">
        <h2>{account.name} <span className="muted small">{account.external_id}</span></h2>
        <span className="spacer" />
        {onEdit && <button type="button" onClick={onEdit} disabled={!editReady} title={editReady ? undefined : "Loading the catalog…"}>Edit</button>}
      </div>
      <dl className="detail-list inline">
        {shown.map(([f, label, words]) => <div key={f}><dt>{label}</dt><dd>{words}</dd></div>)}
      </dl>
      <div className="account-lists">
        <section aria-labelledby="account-contacts" className="wide">
          <h3 id="account-contacts">Contacts</h3>
          <ContactsTable contacts={account.contacts || []} suppressed={suppressed} />
        </section>
        {/* a subscription has many fields: its table takes the card's whole width, so none is cut off (the contacts above too, so they do not wrap in half of it) */}
        <section aria-labelledby="account-subscriptions" className="wide" data-testid="account-subscriptions">
          <h3 id="account-subscriptions">Subscriptions</h3>
          <SubscriptionsTable subscriptions={account.subscriptions || []} catalog={catalog} />
        </section>
      </div>
    </section>
  );
}

/** {catalog, ready}: ready once the catalog has loaded, or failed to (the form then offers the
 *  standard fields only). */
function useCatalogData() {
  const [state, setState] = useState({ catalog: EMPTY_CATALOG, ready: false });
  useEffect(() => {
    let alive = true;
    getCatalog().then((c) => alive && setState({ catalog: c, ready: true }))
      .catch(() => alive && setState({ catalog: EMPTY_CATALOG, ready: true })); // names are a nicety: keys stay shown
    return () => { alive = false; };
  }, []);
  return state;
}

/** The suppressed addresses among the account's contacts: Map lower-cased address → suppression
 *  (read again when `version` changes: a save may have added or removed a contact). */
function useSuppressed(externalId, version) {
  const [suppressed, setSuppressed] = useState(() => new Map());
  useEffect(() => {
    if (!externalId || !version) return undefined;
    let alive = true;
    listSuppressions({ account: externalId })
      .then((r) => alive && setSuppressed(new Map((r.items || []).map((s) => [String(s.address).toLowerCase(), s]))))
      .catch(() => alive && setSuppressed(new Map())); // a nicety: the contacts still show
    return () => { alive = false; };
  }, [externalId, version]);
  return suppressed;
}

export default function AccountsPage() {
  const { externalId } = useParams();
  const location = useLocation();
  const [account, setAccount] = useState(null);
  const [etag, setEtag] = useState(null); // the version an edit sends back (If-Match)
  const [error, setError] = useState(null);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(null); // {text, problem}: the last save's confirmation, or what failed
  const [timelineRefresh, setTimelineRefresh] = useState(0);
  const { catalog, ready } = useCatalogData();
  const canChange = useCanChangeAccounts();
  const suppressed = useSuppressed(externalId, etag);

  useEffect(() => {
    setAccount(null);
    setError(null);
    setEditing(false);
    setSaved(null);
    if (!externalId) return undefined;
    let alive = true;
    getAccountVersion(externalId).then((a) => { if (alive) { setAccount(a.account); setEtag(a.etag); } })
      .catch((e) => alive && setError(e.message));
    return () => { alive = false; };
  }, [externalId]);

  const onSaved = (next, nextEtag, problem) => {
    setAccount(next);
    setEtag(nextEtag);
    setEditing(false);
    setSaved({ problem, text: "Saved. The account's journeys check their goals and exit rules against the new values now; the timeline below updates as they do." });
    setTimelineRefresh((r) => r + 1); // the account may have left or finished a journey
  };

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
        {saved && (saved.problem
          ? <p className="banner error" role="alert">{saved.problem}</p>
          : <p className="banner info" role="status">{saved.text}</p>)}
        {account && (editing
          ? <AccountEditForm account={account} etag={etag} catalog={catalog} onSaved={onSaved}
            onReloaded={(a, t) => { setAccount(a); setEtag(t); }} onCancel={() => setEditing(false)} suppressed={suppressed} />
          : <AccountCard account={account} catalog={catalog} editReady={ready} suppressed={suppressed}
            onEdit={canChange ? () => { setSaved(null); setEditing(true); } : undefined} />)}
        {!error && <AccountTimeline externalId={externalId} refresh={timelineRefresh} />}
      </main>
    </CatalogContext.Provider>
  );
}
