import type { MiddlewareHandler } from "hono";
import { authenticate } from "./authorize.ts";
import type { Principal, TokenVerifier } from "./verifier.ts";

export type AuthVariables = { principal: Principal };

/**
 * Requires a valid bearer token, and when `roles` is given, one of them. The principal is available
 * as `c.get("principal")`. Functions' routes use {@link authorize} (the policy) instead: this is
 * authentication for code outside the policy's operations, such as a test's own routes.
 */
export function requireAuth(verify: TokenVerifier, roles?: readonly string[]): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    const principal = await authenticate(c, verify);
    if (principal instanceof Response) return principal;
    if (roles && !roles.some((r) => principal.roles.includes(r))) {
      return c.json({ error: { code: "E_AUTH_ROLE", message: `this action needs one of the roles: ${roles.join(", ")}` } }, 403);
    }
    c.set("principal", principal);
    await next();
  };
}
