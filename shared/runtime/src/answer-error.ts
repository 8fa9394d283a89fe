import type { Context } from "hono";
import { asCasemixError, statusOf } from "./errors.ts";
import type { Logger } from "./logger.ts";

/**
 * What a REST route that threw answers: a transient failure (a dropped database connection, a
 * server restarting) is 503 with Retry-After, so the client sends again; a CasemixError keeps the
 * status of its kind; a value the database refused (SQLSTATE class 22, 23) is 400 E_VALUE_REFUSED,
 * naming the rule, never the value; anything else is 500. The body is always `{ error: { code, message } }`.
 */
export function answerError(error: unknown, c: Context, log: Logger): Response {
  const retryable = (error as { retryable?: unknown } | undefined)?.retryable === true;
  const known = asCasemixError(error);
  const status = known ? statusOf(known) : retryable ? 503 : 500;
  const code = known ? known.code : retryable ? "E_TRANSIENT" : "E_INTERNAL";
  const message = known ? known.message : ((error as Error)?.message ?? String(error));
  log[status >= 500 ? "error" : "warn"]("request failed", { method: c.req.method, path: c.req.path, status, error: message });
  if (status === 503) c.header("retry-after", "1");
  return c.json({ error: { code, message } }, status as 500);
}
