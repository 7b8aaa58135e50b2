// On an account's page: which of its contacts get no journey email (unsubscribed or suppressed).
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { listSuppressions } from "../api/emails.js";
import { SuppressionOrigin, suppressionReason } from "./SuppressionsPage.jsx";
import Moment from "../components/Moment.jsx";

/** refresh: read again when it changes (the account's contacts may have changed). */
export default function AccountSuppressions({ externalId, refresh = 0 }) {
  const [items, setItems] = useState(null);
  useEffect(() => {
    let alive = true;
    listSuppressions({ account: externalId }).then((r) => alive && setItems(r.items)).catch(() => alive && setItems([]));
    return () => { alive = false; };
  }, [externalId, refresh]);
  if (!items || items.length === 0) return null;
  return (
    <section aria-labelledby="account-suppressions">
      <h2 id="account-suppressions">Unsubscribed contacts</h2>
      <p className="muted small">These contacts get no journey emails (<Link to="/suppressions">all suppressions</Link>).</p>
      <table className="data compact" data-testid="account-suppressions">
        <thead><tr><th>Address</th><th>Why</th><th>From</th><th>Since</th></tr></thead>
        <tbody>{items.map((s) => (
          <tr key={s.address}><td>{s.address}</td><td>{suppressionReason(s)}</td><td><SuppressionOrigin s={s} /></td>
            <td className="nowrap"><Moment at={s.created_at} /></td></tr>
        ))}</tbody>
      </table>
    </section>
  );
}
