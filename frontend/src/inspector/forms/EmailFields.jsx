// send_email: a template or a subject + body; who receives it; who it is from; a preview.
import { useEffect, useState } from "react";
import { getTemplate } from "../../api/catalog.js";
import { useCatalog } from "../catalogContext.js";
import { RadioGroup, SelectField, TextField } from "../fields.jsx";
import TemplatePreview from "../TemplatePreview.jsx";
import SendTestEmail from "../../components/SendTestEmail.jsx";
import DeliveryFlags from "./DeliveryFlags.jsx";
import { FROM_ADDRESS_EMPTY } from "../../graph/problems.js";

/** The chosen template with its body: from the catalog, or fetched when the catalog has no body. */
function useTemplate(key, catalog) {
  const listed = catalog.templates.find((t) => t.key === key);
  const [fetched, setFetched] = useState(null);
  const needFetch = !!key && !!listed && listed.body === undefined;
  useEffect(() => {
    if (!needFetch) return undefined;
    let alive = true;
    getTemplate(key).then((t) => alive && setFetched(t)).catch(() => {});
    return () => { alive = false; };
  }, [key, needFetch]);
  if (needFetch && fetched?.key === key) return fetched;
  return listed;
}

// Who receives it (SPEC §2, §12). The CSM is written {csm: true}, the form every engine reads;
// {staff: "csm"} from the API reads as the same choice.
const RECIPIENTS = [
  { value: "all", label: "Contacts (all)", to: () => ({ contacts: "all" }) },
  { value: "role", label: "Contacts with role", to: () => ({ contacts: { role: "" } }) },
  { value: "csm", label: "Account's CSM", to: () => ({ csm: true }) },
  { value: "sales_manager", label: "Account's sales manager", to: () => ({ staff: "sales_manager" }) },
  { value: "user", label: "A staff member", to: () => ({ user: "" }) },
];

export function recipientMode(to) {
  if (to?.csm || to?.staff === "csm") return "csm";
  if (to?.staff === "sales_manager") return "sales_manager";
  if (to && "user" in to) return "user";
  if (to?.contacts && typeof to.contacts === "object") return "role";
  return "all";
}

// Who it is from: no "from" (the default) or "csm" is the account's CSM; anything else, the
// empty text "A staff member" starts with included, is a staff member's address (validation
// refuses any address that is not a staff user's: graph_engine/validate_refs.py).
export function fromChoice(from) {
  return from === undefined || from === null || from === "csm" ? "csm" : "address";
}

export default function EmailFields({ config, onChange }) {
  const catalog = useCatalog();
  const custom = config.template === undefined && (config.subject !== undefined || config.body !== undefined);
  const set = (patch, key) => onChange({ ...config, ...patch }, key);
  const setContent = (mode) => {
    const { template, subject, body, ...rest } = config; // eslint-disable-line no-unused-vars
    onChange(mode === "template" ? { ...rest, template: "" } : { ...rest, subject: "", body: "" });
  };
  const mode = recipientMode(config.to);
  const fromMode = fromChoice(config.from);
  const template = useTemplate(config.template, catalog);
  return (
    <>
      <RadioGroup legend="Content" value={custom ? "custom" : "template"} onChange={setContent}
        options={[{ value: "template", label: "Use a saved template" }, { value: "custom", label: "Write it here" }]} />
      {custom ? (
        <>
          <TextField label="Subject" value={config.subject} onChange={(v) => set({ subject: v }, "subject")} />
          <TextField label="Body" multiline value={config.body} onChange={(v) => set({ body: v }, "body")}
            hint="Merge fields: {{ account.name }}, {{ csm.name }}, {{ contact.name }}…" />
        </>
      ) : (
        <SelectField label="Template" value={config.template} onChange={(v) => set({ template: v })}
          options={catalog.templates.map((t) => ({ value: t.key, label: `${t.key}: ${t.subject}` }))} />
      )}
      <RadioGroup legend="Send to" value={mode}
        onChange={(m) => set({ to: RECIPIENTS.find((r) => r.value === m).to() })}
        options={RECIPIENTS.map(({ value, label }) => ({ value, label }))} />
      {mode === "role" && (
        <TextField label="Contact role" value={config.to.contacts.role} placeholder="admin" suggestions={catalog.contact_roles}
          onChange={(v) => set({ to: { contacts: { role: v } } }, "role")} />
      )}
      {mode === "user" && (
        <SelectField label="Staff member" value={config.to.user}
          options={catalog.users.map((u) => ({ value: u.email, label: `${u.name || u.email} (${u.email})` }))}
          onChange={(v) => set({ to: { user: v } })} />
      )}
      <RadioGroup legend="From" value={fromMode} onChange={(m) => set({ from: m === "csm" ? "csm" : "" })}
        options={[{ value: "csm", label: "The account's CSM" }, { value: "address", label: "A staff member" }]} />
      {fromMode === "csm" && (
        // backend/engine/actions.py _send_email: no CSM on the account → the round's default sender
        <p className="muted small" data-testid="from-csm-hint">When the account has no CSM, it goes from the workspace's default sender address instead.</p>
      )}
      {fromMode === "address" && (
        <SelectField label="Sent from" value={config.from} onChange={(v) => set({ from: v })}
          options={catalog.users.filter((u) => u.role !== "support").map((u) => ({ value: u.email, label: `${u.name || u.email} (${u.email})` }))}
          error={String(config.from).trim() ? undefined : FROM_ADDRESS_EMPTY} />
      )}
      <TemplatePreview subject={custom ? config.subject : template?.subject} body={custom ? config.body : template?.body}
        html={custom ? undefined : template?.html_body}
        actions={(account) => (
          <SendTestEmail template={custom ? undefined : config.template || undefined}
            content={custom ? { subject: config.subject, body: config.body } : undefined}
            account={account} />
        )} />
      <DeliveryFlags config={config} onChange={onChange} email />
    </>
  );
}
