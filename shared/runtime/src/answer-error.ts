import type { Context } from "hono";
import { CasemixError, statusOf } from "./errors.ts";
import type { Logger } from "./logger.ts";

/**
 * What a REST route that threw answers: a transient failure (a dropped database connection, a
 * server restarting) is 503 with Retry-After, so the client sends again; a CasemixError keeps the
 * status of its kind; anything else is 500. The body is always `{ error: { code, message } }`.
 */
export function answerError(error: unknown, c: Context, log: Logger): Response {
  const retryable = (error as { retryable?: unknown } | undefined)?.retryable === true;
  const status = error instanceof CasemixError ? statusOf(error) : retryable ? 503 : 500;
  const code = error instanceof CasemixError ? error.code : retryable ? "E_TRANSIENT" : "E_INTERNAL";
  log[status >= 500 ? "error" : "warn"]("request failed", { method: c.req.method, path: c.req.path, status, error: (error as Error)?.message });
  if (status === 503) c.header("retry-after", "1");
  return c.json({ error: { code, message: (error as Error)?.message ?? String(error) } }, status as 500);
}
