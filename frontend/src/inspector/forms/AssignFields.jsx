// assign_csm and assign_playbook.
import { useCatalog } from "../catalogContext.js";
import { MultiCheck, SelectField } from "../fields.jsx";

// A staff member's role as people say it ("sales manager", not "sales_manager").
const ROLE_WORDS = { admin: "admin", csm: "CSM", sales_manager: "sales manager" };

export function AssignCsmFields({ config, onChange }) {
  const catalog = useCatalog();
  // not support staff: they cannot own accounts (the walk skips them; validation says so)
  const users = catalog.users.filter((u) => u.role !== "support")
    .map((u) => ({ value: u.email, label: `${u.name || u.email}${u.role ? ` (${ROLE_WORDS[u.role] || u.role})` : ""}` }));
  const setStrategy = (strategy) => {
    const { user, pool, ...rest } = config; // eslint-disable-line no-unused-vars
    onChange(strategy === "named" ? { ...rest, strategy, user: "" } : { ...rest, strategy, pool: pool || [] });
  };
  return (
    <>
      <SelectField label="How to choose the CSM" value={config.strategy} allowEmpty={false} onChange={setStrategy}
        options={[{ value: "named", label: "A named person" }, { value: "round_robin", label: "Take turns (round robin)" },
          { value: "least_accounts", label: "Whoever has the fewest accounts" }]} />
      {config.strategy === "named"
        ? <SelectField label="CSM" value={config.user} options={users} onChange={(v) => onChange({ ...config, user: v })} />
        : <MultiCheck legend="Choose among" options={users} value={config.pool || []} empty="No staff users yet."
            onChange={(pool) => onChange({ ...config, pool })} />}
    </>
  );
}

export function AssignPlaybookFields({ config, onChange }) {
  const catalog = useCatalog();
  return (
    <SelectField label="Playbook" value={config.playbook} onChange={(v) => onChange({ ...config, playbook: v })}
      options={catalog.playbooks.map((p) => ({ value: p.key, label: `${p.name || p.key}${p.due_in_days !== undefined ? ` (due in ${p.due_in_days} d)` : ""}` }))} />
  );
}
