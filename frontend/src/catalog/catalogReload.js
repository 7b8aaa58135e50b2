// The catalog screens share one copy of GET /api/catalog (names for rules, pickers and refusals);
// a screen that changed something calls reload() so the others see it.
import { createContext, useContext } from "react";

export const CatalogReloadContext = createContext(() => {});

export function useCatalogReload() {
  return useContext(CatalogReloadContext);
}
