// The account edit form's lists: its contacts (a row each: name, email, role) and its subscriptions
// (a group of fields each), added, changed or removed before one Save. Removing a row that was
// saved before leaves it struck through with Undo until the save; a new row just goes. A contact
// whose address is unsubscribed (or suppressed by an admin) says so beside it. ValueControl is
// the one control per field type the whole form uses.
import { useEffect, useRef } from "react";
import FormField from "../catalog/FormField.jsx";
import { timeZoneNames } from "../api/settings.js";
import { NumberInput } from "../inspector/fields.jsx";
import { suppressionReason } from "./SuppressionsPage.jsx";
import { CONTACT_FIELDS, newContact, newSubscription, roleSuggestions, statusSuggestions, subscriptionFormFields } from "./accountForm.js";

const ZONES = timeZoneNames();

/** One field's control for its type: number, date (with Clear), yes/no (or not set), or text
 *  (with suggestions when given). */
export function ValueControl({ field, value, onChange, props, suggestions, clearLabel }) {
  if (field.type === "number") {
    return <NumberInput {...props} value={value} min={field.min} step={field.key === "licenses" || field.key === "plan_quantity" ? "1" : "any"} onChange={onChange} />;
  }
  if (field.type === "date") {
    // Browsers differ in how a date box is emptied: Clear says it plainly.
    return (
      <span className="field-row">
        <input {...props} type="date" value={value} onChange={(e) => onChange(e.target.value)} />
        {value && <button type="button" className="small" aria-label={clearLabel || `Clear ${field.label}`} onClick={() => onChange("")}>Clear</button>}
      </span>
    );
  }
  if (field.type === "boolean") {
    return (
      <select {...props} value={value === null ? "" : value ? "yes" : "no"} onChange={(e) => onChange(e.target.value === "" ? null : e.target.value === "yes")}>
        <option value="">Not set</option>
        <option value="yes">Yes</option>
        <option value="no">No</option>
      </select>
    );
  }
  if (field.key === "timezone") {
    return (
      <>
        <input {...props} list="account-tz-names" value={value} placeholder="Workspace default" onChange={(e) => onChange(e.target.value)} />
        <datalist id="account-tz-names">{ZONES.map((z) => <option key={z} value={z} />)}</datalist>
      </>
    );
  }
  const listId = suggestions?.length ? `${props.id}-suggestions` : undefined;
  return (
    <>
      <input {...props} type="text" value={value} list={listId} onChange={(e) => onChange(e.target.value)} />
      {listId && <datalist id={listId}>{suggestions.map((s) => <option key={s} value={s} />)}</datalist>}
    </>
  );
}

/** "Unsubscribed" / "Suppressed" for an address on the suppression list (`suppressed`: lower-cased
 *  address → suppression), with why on hover; nothing for an address that gets journey email. */
export function SuppressedBadge({ address, suppressed }) {
  const s = address ? suppressed?.get(String(address).trim().toLowerCase()) : null;
  if (!s) return null;
  return (
    <span className="badge bad" title={`${suppressionReason(s)}: gets no journey emails`}>
      {s.reason === "unsubscribed" ? "Unsubscribed" : "Suppressed"}
    </span>
  );
}

// Focuses the first control of the row just added (Add contact / Add subscription).
function useFocusAdded(rows, container) {
  const count = useRef(rows.length);
  useEffect(() => {
    if (rows.length > count.current) {
      const last = container.current?.querySelectorAll("[data-row]");
      last?.[last.length - 1]?.querySelector("input")?.focus();
    }
    count.current = rows.length;
  }, [rows.length]); // eslint-disable-line react-hooks/exhaustive-deps
}

const contactWho = (row) => (row.from?.name || row.from?.email || row.name || row.email || "").trim();

function ErrorText({ id, text }) {
  return text ? <span id={id} className="error small" role="alert">{text}</span> : null;
}

/**
 * rows: the form's contacts (accountForm's rows); onChange(rows); errors: {"contacts.<key>.<field>":
 * message} (the browser's and the server's); catalog: for the role suggestions; suppressed: Map of
 * lower-cased address → suppression.
 */
export function ContactsEditor({ rows, onChange, errors, catalog, suppressed }) {
  const table = useRef(null);
  useFocusAdded(rows, table);
  const roles = roleSuggestions(catalog, rows);
  const update = (key, change) => onChange(rows.map((r) => (r.key === key ? { ...r, ...change } : r)));
  const remove = (row) => onChange(row.from ? rows.map((r) => (r.key === row.key ? { ...r, removed: true } : r)) : rows.filter((r) => r.key !== row.key));
  const listError = errors.contacts;
  return (
    <fieldset className="account-list-edit">
      <legend>Contacts</legend>
      <p className="muted small">Journey emails “to contacts” go to these people (only those with the role a step names, when it names one).</p>
      {rows.length === 0 && <p className="muted small">No contacts yet: emails to contacts are skipped.</p>}
      {rows.length > 0 && (
        <table className="data compact contacts-edit" ref={table}>
          <thead><tr><th>Name</th><th>Email</th><th>Role</th><th><span className="visually-hidden">Journey email</span></th><th><span className="visually-hidden">Remove</span></th></tr></thead>
          <tbody>
            {rows.map((row, i) => {
              const n = i + 1;
              if (row.removed) {
                return (
                  <tr key={row.key} className="removed" data-row>
                    <td colSpan={4}><s>{contactWho(row)}{row.from?.name && row.from?.email ? ` <${row.from.email}>` : ""}</s>{" "}
                      <span className="muted small">removed when you save</span></td>
                    <td><button type="button" className="small" onClick={() => update(row.key, { removed: false })} aria-label={`Undo removing contact ${n}`}>Undo</button></td>
                  </tr>
                );
              }
              const id = (f) => `contact-${row.key}-${f}`;
              const err = (f) => errors[`contacts.${row.key}.${f}`];
              const was = row.from?.email && row.from.email.trim().toLowerCase() !== row.email.trim().toLowerCase()
                && suppressed?.get(row.from.email.trim().toLowerCase());
              return (
                <tr key={row.key} data-row>
                  {CONTACT_FIELDS.map(([f, label]) => (
                    <td key={f}>
                      <input id={id(f)} data-path={`contacts.${row.key}.${f}`} aria-label={`Contact ${n} ${label.toLowerCase()}`} type={f === "email" ? "email" : "text"}
                        value={row[f]} placeholder={f === "email" ? "ana@example.com" : f === "role" ? "admin, billing…" : ""}
                        list={f === "role" && roles.length ? "contact-role-suggestions" : undefined}
                        aria-invalid={err(f) ? true : undefined} aria-describedby={err(f) ? `${id(f)}-error` : undefined}
                        onChange={(e) => update(row.key, { [f]: e.target.value })} />
                      <ErrorText id={`${id(f)}-error`} text={err(f)} />
                      {f === "email" && was && (
                        <span className="muted small">{row.from.email} is {was.reason === "unsubscribed" ? "unsubscribed" : "suppressed"}; the new address is not, so it will get journey emails.</span>
                      )}
                    </td>
                  ))}
                  <td className="contact-status">
                    <SuppressedBadge address={row.email} suppressed={suppressed} />
                    {!row.from && <span className="badge draft">New</span>}
                  </td>
                  <td><button type="button" className="small" onClick={() => remove(row)} aria-label={`Remove contact ${n}${contactWho(row) ? ` (${contactWho(row)})` : ""}`}>Remove</button></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {roles.length > 0 && <datalist id="contact-role-suggestions">{roles.map((r) => <option key={r} value={r} />)}</datalist>}
      <ErrorText text={listError} />
      <p><button type="button" onClick={() => onChange([...rows, newContact()])}>Add contact</button></p>
    </fieldset>
  );
}

// "Pro · Acme Analytics · active": what a subscription is, in a line.
const subscriptionWords = (values) => [values.plan_name, values.product_name, values.status].map((v) => String(v ?? "").trim()).filter(Boolean).join(" · ");

/** rows: the form's subscriptions; onChange(rows); errors: {"subscriptions.<key>.<field>": message}. */
export function SubscriptionsEditor({ rows, onChange, errors, catalog }) {
  const box = useRef(null);
  useFocusAdded(rows, box);
  const fields = subscriptionFormFields(catalog);
  const statuses = statusSuggestions(rows);
  const update = (key, field, value) => onChange(rows.map((r) => (r.key === key ? { ...r, values: { ...r.values, [field]: value } } : r)));
  const setRemoved = (key, removed) => onChange(rows.map((r) => (r.key === key ? { ...r, removed } : r)));
  const remove = (row) => (row.from ? setRemoved(row.key, true) : onChange(rows.filter((r) => r.key !== row.key)));
  return (
    <fieldset className="account-list-edit" ref={box}>
      <legend>Subscriptions</legend>
      {rows.length === 0 && <p className="muted small">No subscriptions yet. Rules on “any subscription” see none.</p>}
      {rows.map((row, i) => {
        const n = i + 1;
        const words = subscriptionWords(row.values);
        if (row.removed) {
          return (
            <div key={row.key} className="subscription-edit removed" data-row>
              <s>Subscription {n}{words ? `: ${words}` : ""}</s> <span className="muted small">removed when you save</span>{" "}
              <button type="button" className="small" onClick={() => setRemoved(row.key, false)} aria-label={`Undo removing subscription ${n}`}>Undo</button>
            </div>
          );
        }
        return (
          <fieldset key={row.key} className="subscription-edit" data-row>
            <legend>Subscription {n}</legend>
            <div className="toolbar">
              <span className="muted small">{words || "Not described yet"}</span>
              {!row.from && <span className="badge draft">New</span>}
              <span className="spacer" />
              <button type="button" className="small" onClick={() => remove(row)} aria-label={`Remove subscription ${n}`}>Remove</button>
            </div>
            <div className="account-edit-grid">
              {fields.map((f) => (
                <FormField key={f.key} label={<><span className="visually-hidden">Subscription {n} </span>{f.label}</>} error={errors[`subscriptions.${row.key}.${f.key}`]}>
                  {(p) => <ValueControl field={f} value={row.values[f.key]} onChange={(v) => update(row.key, f.key, v)} props={{ ...p, "data-path": `subscriptions.${row.key}.${f.key}` }}
                    suggestions={f.key === "status" ? statuses : undefined} clearLabel={`Clear subscription ${n} ${f.label.toLowerCase()}`} />}
                </FormField>
              ))}
            </div>
          </fieldset>
        );
      })}
      <ErrorText text={errors.subscriptions} />
      <p><button type="button" onClick={() => onChange([...rows, newSubscription(catalog)])}>Add subscription</button></p>
    </fieldset>
  );
}
