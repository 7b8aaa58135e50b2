// The signed-in session ({user, csrf_token}) for components that need the role.
import { createContext, useContext } from "react";

export const SessionContext = createContext(null);

/** Returns the current user ({email, name, role}) or null. */
export function useCurrentUser() {
  return useContext(SessionContext)?.user || null;
}

/** True when the user may change things (support is read-only). */
export function useCanEdit() {
  const user = useCurrentUser();
  return !!user && user.role !== "support";
}

/** True when the user may change journeys (create, save, publish, enable, delete): the API lets
 * only admins; CSMs and support can look, validate and simulate (CSMs also retry and unenroll an
 * account's enrollments: useCanEdit). */
export function useCanChangeJourneys() {
  return useCurrentUser()?.role === "admin";
}

/** True when the user may edit accounts (their fields, milestones, outcomes): the API lets admins
 * and CSMs (a sales manager signs in as a CSM); support only reads. */
export function useCanChangeAccounts() {
  return ["admin", "csm"].includes(useCurrentUser()?.role);
}
