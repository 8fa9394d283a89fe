import type { Principal } from "./verifier.ts";

/**
 * Where a request stands relative to the caller's hospital claim:
 * - `own`: the token carries a hospital claim and the request concerns that hospital (or names none);
 * - `other`: the token carries a hospital claim and the request concerns another hospital;
 * - `system`: the token carries no hospital claim: cross-hospital work (close runs, national reports).
 */
export type Tenancy = "own" | "other" | "system";
export const TENANCIES: readonly Tenancy[] = ["own", "other", "system"];

/** A role: a row of data, so a new role (issue 17 point 2's Keycloak roles) is a new row and its grants. */
export type RoleDefinition = { role: string; summary: string };

/**
 * One operation someone may be allowed to do. `route` ties it to the HTTP operation that performs it
 * (Hono path syntax, `:param`); CLI actions have none. `public` operations need no token at all.
 */
export type ActionDefinition = {
  action: string;
  summary: string;
  route?: { method: string; path: string };
  public?: boolean;
};

/** One allowed (action, role, tenancy). Whatever is not granted is denied. */
export type Grant = { action: string; role: string; tenancy: Tenancy };

export type Policy = {
  roles: readonly RoleDefinition[];
  actions: readonly ActionDefinition[];
  grants: readonly Grant[];
};

export type CompiledPolicy = Policy & {
  /** The action of an HTTP operation, by `METHOD path` (Hono path syntax). */
  actionOfRoute(method: string, path: string): ActionDefinition | undefined;
  has(action: string, role: string, tenancy: Tenancy): boolean;
};

/**
 * Indexes a policy for lookups and refuses an inconsistent one (a grant naming an unknown action or
 * role, an operation claimed by two actions): a typo in the table must not silently deny or allow.
 */
export function compilePolicy(policy: Policy): CompiledPolicy {
  const roles = new Set(policy.roles.map((r) => r.role));
  const actions = new Map(policy.actions.map((a) => [a.action, a]));
  if (actions.size !== policy.actions.length) throw new Error("policy: an action is defined twice");
  const byRoute = new Map<string, ActionDefinition>();
  for (const a of policy.actions) {
    if (!a.route) continue;
    const key = `${a.route.method.toUpperCase()} ${a.route.path}`;
    if (byRoute.has(key)) throw new Error(`policy: ${key} belongs to two actions`);
    byRoute.set(key, a);
  }
  const granted = new Set<string>();
  for (const g of policy.grants) {
    const action = actions.get(g.action);
    if (!action) throw new Error(`policy: a grant names the unknown action ${g.action}`);
    if (!roles.has(g.role)) throw new Error(`policy: a grant names the unknown role ${g.role}`);
    if (action.public) throw new Error(`policy: ${g.action} is public; grants on it mean nothing`);
    granted.add(`${g.action}|${g.role}|${g.tenancy}`);
  }
  return {
    ...policy,
    // HEAD is answered by the GET route (Hono does the same).
    actionOfRoute: (method, path) => byRoute.get(`${method.toUpperCase() === "HEAD" ? "GET" : method.toUpperCase()} ${path}`),
    has: (action, role, tenancy) => granted.has(`${action}|${role}|${tenancy}`),
  };
}

/** The tenancy of a request by `principal` concerning `hospital` (undefined: none named). */
export function tenancyOf(principal: Pick<Principal, "hospital">, hospital?: string): Tenancy {
  if (principal.hospital === undefined) return "system";
  return hospital === undefined || hospital === principal.hospital ? "own" : "other";
}

/**
 * The decision: allowed when one of the principal's roles is granted the action at the request's
 * tenancy. Unknown actions, unknown roles and ungranted tenancies are denied; a role granted only
 * `own` is denied to a token without a hospital claim (its tenancy is `system`).
 *
 * @example
 * isAllowed(policy, { subject: "c", roles: ["hospital"], hospital: "H1" }, "batches.read", "H2"); // false
 */
export function isAllowed(policy: CompiledPolicy, principal: Principal, action: string, hospital?: string): boolean {
  const tenancy = tenancyOf(principal, hospital);
  return principal.roles.some((role) => policy.has(action, role, tenancy));
}

/**
 * Whether the principal may attempt the action at all, before the hospital it concerns is known (a
 * stored batch, a review): a token with a hospital claim needs an `own` or `other` grant, one without
 * a `system` grant. The route then checks the concrete hospital with {@link isAllowed}.
 */
export function mayAttempt(policy: CompiledPolicy, principal: Principal, action: string): boolean {
  const tenancies: Tenancy[] = principal.hospital === undefined ? ["system"] : ["own", "other"];
  return principal.roles.some((role) => tenancies.some((t) => policy.has(action, role, t)));
}

/** Whether one of the principal's roles has an `own` grant for the action but the token lacks the hospital claim it needs. */
export function lacksHospitalClaim(policy: CompiledPolicy, principal: Principal, action: string): boolean {
  return principal.hospital === undefined && principal.roles.some((role) => policy.has(action, role, "own"));
}
