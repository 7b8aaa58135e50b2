// Names, not keys: what a person reads for a catalog key (segment, template, attribute, user,
// playbook, journey, milestone, outcome), from the catalog API. Pure: the catalog is passed in.
// A key the catalog does not know reads as itself (templates, which have no name, read as their
// key in words: "value-recap" → "Value recap"), so nothing ever disappears.
import { ACCOUNT_FIELDS, KEYED } from "../inspector/ruleModel.js";

/** "value-recap" → "Value recap"; "logins_30d" → "Logins 30d". */
export function humanize(key) {
  const words = String(key ?? "").replace(/[-_.]+/g, " ").trim();
  return words ? words[0].toUpperCase() + words.slice(1) : "";
}

const find = (list, field, value) => (list || []).find((x) => x && x[field] === value);

/** Label of an attribute path ("account.next_billing_on", "custom.nps", "user.csm"). */
export function attributeLabel(path, catalog = {}) {
  if (!path) return "";
  const [section, ...rest] = String(path).split(".");
  const name = rest.join(".");
  if (section === "account") {
    const field = ACCOUNT_FIELDS.find(([f]) => f === name);
    return field ? field[1] : String(path);
  }
  if (section === "custom") {
    const attr = (catalog.attributes || []).find((a) => String(a.key).replace(/^custom\./, "") === name);
    return attr?.label || String(path);
  }
  if (KEYED[path]) return KEYED[path].label;
  return String(path);
}

/** Name lookups bound to one catalog: names(catalog).segment("renewal-90d") → "Renewal in the next 90 days". */
export function names(catalog = {}) {
  const byKey = (list) => (key) => {
    if (key === undefined || key === null || key === "") return "";
    const row = find(catalog[list], "key", key);
    return row?.name || row?.label || String(key);
  };
  return {
    segment: byKey("segments"),
    playbook: byKey("playbooks"),
    journey: byKey("journeys"),
    milestone: byKey("milestones"),
    outcome: byKey("outcomes"),
    template: (key) => {
      if (!key) return "";
      const row = find(catalog.templates, "key", key);
      return row?.name || humanize(key);
    },
    user: (email) => {
      if (!email) return "";
      const row = find(catalog.users, "email", String(email).toLowerCase());
      return row?.name || String(email);
    },
    attribute: (path) => attributeLabel(path, catalog),
  };
}
