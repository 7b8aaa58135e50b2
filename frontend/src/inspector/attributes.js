// Attributes that actions can set/copy/clear/increase: standard account fields and custom ones.
import { ACCOUNT_FIELDS } from "./ruleModel.js";

/** [{value: "account.mrr"|"custom.key", label, type}] */
export function attributeOptions(catalog = {}) {
  const std = ACCOUNT_FIELDS.map(([f, label, type]) => ({ value: `account.${f}`, label: `Account: ${label}`, type }));
  const custom = (catalog.attributes || []).map((a) => {
    const key = String(a.key).replace(/^custom\./, "");
    return { value: `custom.${key}`, label: `Custom: ${a.label || key}`, type: a.type };
  });
  return [...std, ...custom];
}

export function attributeType(attr, catalog) {
  return attributeOptions(catalog).find((o) => o.value === attr)?.type || null;
}

/** Date properties a wait can wait for: account and custom date fields. */
export function dateAttributeOptions(catalog) {
  return attributeOptions(catalog).filter((o) => o.type === "date");
}
