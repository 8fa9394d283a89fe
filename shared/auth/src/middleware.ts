import type { MiddlewareHandler } from "hono";
import { AuthError, type Principal, type TokenVerifier } from "./verifier.ts";

export type AuthVariables = { principal: Principal };

/**
 * Requires a valid bearer token, and when `roles` is given, one of them. The principal is available
 * as `c.get("principal")`.
 */
export function requireAuth(verify: TokenVerifier, roles?: readonly string[]): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match) {
      return c.json({ error: { code: "E_AUTH_MISSING", message: "send an Authorization: Bearer <token> header" } }, 401);
    }
    let principal: Principal;
    try {
      principal = await verify(match[1]);
    } catch (error) {
      const code = error instanceof AuthError ? error.code : "ERR_JWT_INVALID";
      return c.json({ error: { code: "E_AUTH_INVALID", message: (error as Error).message, reason: code } }, 401);
    }
    if (roles && !roles.some((r) => principal.roles.includes(r))) {
      return c.json({ error: { code: "E_AUTH_ROLE", message: `this action needs one of the roles: ${roles.join(", ")}` } }, 403);
    }
    c.set("principal", principal);
    await next();
  };
}

/** A hospital user may act only on its own hospital; ministry roles may act on any. */
export function canActForHospital(principal: Principal, hospital: string): boolean {
  return principal.hospital === undefined ? principal.roles.some((r) => r === "admin" || r === "ministry") : principal.hospital === hospital;
}
