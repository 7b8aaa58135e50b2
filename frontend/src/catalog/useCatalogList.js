// A catalog list screen's data: the rows, a load error, and delete with a readable notice
// (the API's refusal, e.g. "used by journey …", in plain words). Segments and templates use it.
import { useCallback, useEffect, useState } from "react";
import { useCatalog } from "../inspector/catalogContext.js";
import { refusalText } from "./apiErrors.js";
import { useCatalogReload } from "./catalogReload.js";

/** `list()` loads the rows; `remove(row, key, kind, label)` deletes through `destroy(key)`. */
export function useCatalogList(list, destroy) {
  const catalog = useCatalog();
  const reloadCatalog = useCatalogReload();
  const [rows, setRows] = useState(null);
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState(null);
  const load = useCallback(() => list().then(setRows).catch((e) => setError(e.message)), [list]);
  useEffect(() => { load(); }, [load]);

  async function remove(key, kind, label) {
    setNotice(null);
    try {
      await destroy(key);
      setNotice({ kind: "info", text: `Deleted ${kind} “${label}”.` });
      await load();
      reloadCatalog();
    } catch (e) {
      setNotice({ kind: "error", text: refusalText(e, catalog, `“${label}”`) });
    }
  }

  return { rows, error, notice, remove };
}
