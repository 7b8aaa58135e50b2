// The workspace catalog (segments, users, templates, ...) for the inspector's pickers.
import { createContext, useContext } from "react";

export const EMPTY_CATALOG = { segments: [], users: [], templates: [], playbooks: [], attributes: [], milestones: [], outcomes: [], journeys: [], contact_roles: [] };

export const CatalogContext = createContext(EMPTY_CATALOG);

export function useCatalog() {
  return useContext(CatalogContext) || EMPTY_CATALOG;
}
