// Attributes that actions can set/copy/clear/increase: standard account fields and custom ones.
import { ACCOUNT_FIELDS } from "./ruleModel.js";
import VOCABULARY from "./vocabulary.json";

/** [{value: "account.mrr"|"custom.key", label, type}] */
export function attributeOptions(catalog = {}) {
  const std = ACCOUNT_FIELDS.map(([f, label, type]) => ({ value: `account.${f}`, label: `Account: ${label}`, type }));
  const custom = (catalog.attributes || []).map((a) => {
    const key = String(a.key).replace(/^custom\./, "");
    return { value: `custom.${key}`, label: `Custom: ${a.label || key}`, type: a.type };
  });
  return [...std, ...custom];
}

/** Account fields a journey may not write (the catalog's `writable: false`: external id, time zone). */
function readOnlyFields(catalog) {
  const fields = catalog?.fields?.account || VOCABULARY.fields.account;
  return new Set(fields.filter((f) => f.writable === false).map((f) => `account.${f.key}`));
}

/**
 * attributeOptions() a journey may write (set, copy into, clear, increase): the server refuses
 * the others. `keep` (the value already chosen) stays listed, marked, so the form shows it.
 */
export function writableAttributeOptions(catalog = {}, keep = null) {
  const locked = readOnlyFields(catalog);
  return attributeOptions(catalog).flatMap((o) => {
    if (!locked.has(o.value)) return [o];
    return o.value === keep ? [{ ...o, label: `${o.label} (a journey cannot change it)` }] : [];
  });
}

export function attributeType(attr, catalog) {
  return attributeOptions(catalog).find((o) => o.value === attr)?.type || null;
}

/** Date properties a wait can wait for: account and custom date fields. */
export function dateAttributeOptions(catalog) {
  return attributeOptions(catalog).filter((o) => o.type === "date");
}
