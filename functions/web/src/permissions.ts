import { isAllowed, POLICY, TENANCIES } from "@casemix/auth";
import type { Session } from "./session.ts";

/**
 * Whether the signed-in person may call an API action for the hospital it concerns, decided by the
 * policy table the APIs use (shared/auth policy-table.ts), so a page offers exactly the forms the API
 * will accept from this person. The API still decides: this only hides what would be refused.
 *
 * @example
 * may(session, "appeals.decide", appeal.hospitalCode) // a ministry reviewer: true; a hospital coder: false
 */
export function may(session: Session | undefined, action: string, hospital?: string): boolean {
  if (!session) return false;
  return isAllowed(POLICY, { subject: session.subject, roles: session.roles, ...(session.hospital ? { hospital: session.hospital } : {}) }, action, hospital);
}

/** The roles granted an action in any tenancy: who a navigation entry is for. */
export const rolesGranted = (action: string): string[] => POLICY.roles.map((r) => r.role).filter((role) => TENANCIES.some((t) => POLICY.has(action, role, t)));
