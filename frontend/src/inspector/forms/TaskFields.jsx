// create_task (human intervention task): title, description, assignee, due, priority.
import { useCatalog } from "../catalogContext.js";
import { NumberField, SelectField, TextField } from "../fields.jsx";
import TemplatePreview from "../TemplatePreview.jsx";
import DeliveryFlags from "./DeliveryFlags.jsx";
import { DUE_DAYS_WORDS } from "../../graph/problems.js";

/** Why a task's due days cannot be saved as they are, or null. */
export function dueProblem(days) {
  return Number.isInteger(days) && days >= 0 ? null : DUE_DAYS_WORDS;
}

export default function TaskFields({ config, onChange }) {
  const catalog = useCatalog();
  const set = (patch, key) => onChange({ ...config, ...patch }, key);
  const assignees = [
    { value: "csm", label: "The account's CSM" },
    { value: "sales_manager", label: "The account's sales manager" },
    // not support staff: read-only, they could never complete it (validation says so too)
    ...catalog.users.filter((u) => u.role !== "support").map((u) => ({ value: u.email, label: `${u.name || u.email} (${u.email})` })),
  ];
  return (
    <>
      <TextField label="Task title" value={config.title} onChange={(v) => set({ title: v }, "title")} />
      <TextField label="Description (optional)" multiline value={config.description}
        onChange={(v) => {
          const { description, ...rest } = config; // eslint-disable-line no-unused-vars
          onChange(v ? { ...rest, description: v } : rest, "description");
        }} />
      <SelectField label="Assign to" value={config.assignee} options={assignees} onChange={(v) => set({ assignee: v })} />
      <NumberField label="Due in (days)" min={0} step="1" value={config.due_in_days} onChange={(v) => set({ due_in_days: v }, "due")}
        error={dueProblem(config.due_in_days)} />
      <SelectField label="Priority" value={config.priority} allowEmpty={false} onChange={(v) => set({ priority: v })}
        options={[{ value: "low", label: "Low" }, { value: "medium", label: "Medium" }, { value: "high", label: "High" }]} />
      <TemplatePreview subject={config.title} body={config.description} />
      <DeliveryFlags config={config} onChange={onChange} />
    </>
  );
}
