import type { Context } from "hono";
import type { Principal } from "@casemix/auth";
import type { Caller, WebhookErrorCode } from "@casemix/webhooks";
import { z } from "@hono/zod-openapi";

export type NotifyVariables = { principal: Principal };

/**
 * The webhooks caller of a token: a token with a hospital claim acts for that hospital only; an admin
 * token without one is an operator (manages MyGDX's subscriptions and every dead letter).
 */
export function callerOf(principal: Principal): Caller | undefined {
  if (principal.hospital !== undefined) return { role: "hospital", hospitalCode: principal.hospital };
  return principal.roles.includes("admin") ? { role: "operator" } : undefined;
}

/** Resolves the caller or answers 403. */
export function requireCaller(c: Context<{ Variables: NotifyVariables }>): Caller | Response {
  const caller = callerOf(c.get("principal"));
  return caller ?? c.json(errorBody("E_AUTH_ROLE", "a hospital token with a hospital claim, or an admin token, is needed"), 403);
}

/** Key management is for operators only (an admin token without a hospital claim), or 403. */
export function requireOperator(c: Context<{ Variables: NotifyVariables }>): Response | undefined {
  return callerOf(c.get("principal"))?.role === "operator" ? undefined : c.json(errorBody("E_AUTH_ROLE", "signing keys are managed with an admin token without a hospital claim"), 403);
}

export const errorBody = (code: string, message: string) => ({ error: { code, message } });

/** HTTP status of a webhooks error code. */
export function statusOfCode(code: WebhookErrorCode | string): 400 | 403 | 404 | 409 {
  switch (code) {
    case "E_FORBIDDEN":
      return 403;
    case "E_SUBSCRIPTION_NOT_FOUND":
    case "E_DEAD_LETTER_NOT_FOUND":
      return 404;
    case "E_DEAD_LETTER_REPLAYED":
    case "E_REPLAY_PENDING":
      return 409;
    default:
      return 400;
  }
}

export const ErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) }).openapi("Error");
