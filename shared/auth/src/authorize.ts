import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import type { AuthVariables } from "./middleware.ts";
import { isAllowed, lacksHospitalClaim, mayAttempt, type CompiledPolicy } from "./policy.ts";
import { POLICY } from "./policy-table.ts";
import { AuthError, type Principal, type TokenVerifier } from "./verifier.ts";

const denied = (code: string, message: string) => ({ error: { code, message } });

/**
 * The operation this request will reach: the first matched route that is not middleware (`use`
 * registers under the method ALL). Its registered path (`/v1/batches/:batchId`) is the policy's key.
 */
function operationOf(c: Context): { method: string; path: string } | undefined {
  const route = matchedRoutes(c).find((r) => r.method !== "ALL");
  return route ? { method: c.req.method, path: route.path } : undefined;
}

/** Reads and verifies the bearer token: the principal, or the 401 answer. */
export async function authenticate(c: Context, verify: TokenVerifier): Promise<Principal | Response> {
  const match = /^Bearer\s+(.+)$/i.exec(c.req.header("authorization") ?? "");
  if (!match) return c.json(denied("E_AUTH_MISSING", "send an Authorization: Bearer <token> header"), 401);
  try {
    return await verify(match[1]);
  } catch (error) {
    const reason = error instanceof AuthError ? error.code : "ERR_JWT_INVALID";
    return c.json({ error: { code: "E_AUTH_INVALID", message: (error as Error).message, reason } }, 401);
  }
}

/**
 * The policy at the edge of every function's routes: finds the action of the operation the request
 * reaches, lets public ones through, and otherwise requires a valid token whose roles are granted the
 * action at some tenancy the token can have (a hospital claim: own or other; none: system). The
 * principal is then `c.get("principal")`; the route checks the concrete hospital with {@link mayActFor}.
 * An operation missing from the policy is denied (403 E_AUTH_UNKNOWN_ACTION), never let through.
 *
 * @example
 * app.use("/v1/claims/*", authorize(platform.verifier));
 */
export function authorize(verify: TokenVerifier, policy: CompiledPolicy = POLICY): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    const operation = operationOf(c);
    const action = operation && policy.actionOfRoute(operation.method, operation.path);
    if (action?.public) return next();
    const principal = await authenticate(c, verify);
    if (principal instanceof Response) return principal;
    if (!action) return c.json(denied("E_AUTH_UNKNOWN_ACTION", "this operation is not in the authorization policy"), 403);
    if (!mayAttempt(policy, principal, action.action)) {
      return lacksHospitalClaim(policy, principal, action.action)
        ? c.json(denied("E_AUTH_HOSPITAL_CLAIM", "a hospital token needs a hospital claim"), 403)
        : c.json(denied("E_AUTH_ROLE", `no role of this token may ${action.summary}`), 403);
    }
    c.set("principal", principal);
    await next();
  };
}

/**
 * Whether the principal may do `action` for `hospital` (a stored batch's, a path's, a query's);
 * undefined when the request names no hospital (a hospital token then acts for its own).
 */
export function mayActFor(principal: Principal, action: string, hospital?: string, policy: CompiledPolicy = POLICY): boolean {
  return isAllowed(policy, principal, action, hospital);
}
