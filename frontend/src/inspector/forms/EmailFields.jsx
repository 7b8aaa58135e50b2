// send_email: a template or a subject + body; who receives it; who it is from; a preview.
import { useEffect, useState } from "react";
import { getTemplate } from "../../api/catalog.js";
import { useCatalog } from "../catalogContext.js";
import { RadioGroup, SelectField, TextField } from "../fields.jsx";
import TemplatePreview from "../TemplatePreview.jsx";

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

function recipientMode(to) {
  if (to?.csm) return "csm";
  if (to?.contacts && typeof to.contacts === "object") return "role";
  return "all";
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
  const fromMode = !config.from || config.from === "csm" ? "csm" : "address";
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
        onChange={(m) => set({ to: m === "csm" ? { csm: true } : m === "role" ? { contacts: { role: "" } } : { contacts: "all" } })}
        options={[{ value: "all", label: "All contacts" }, { value: "role", label: "Contacts with a role" }, { value: "csm", label: "The account's CSM" }]} />
      {mode === "role" && (
        <TextField label="Contact role" value={config.to.contacts.role} placeholder="admin" suggestions={catalog.contact_roles}
          onChange={(v) => set({ to: { contacts: { role: v } } }, "role")} />
      )}
      <RadioGroup legend="From" value={fromMode} onChange={(m) => set({ from: m === "csm" ? "csm" : "" })}
        options={[{ value: "csm", label: "The account's CSM" }, { value: "address", label: "Another address" }]} />
      {fromMode === "address" && (
        <TextField label="From address" value={config.from} placeholder="success@example.com" onChange={(v) => set({ from: v }, "from")} />
      )}
      <TemplatePreview subject={custom ? config.subject : template?.subject} body={custom ? config.body : template?.body} />
    </>
  );
}
