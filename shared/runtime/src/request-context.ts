import { randomUUID } from "node:crypto";
import { createWriteStream, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import { httpDuration, httpRequests, inSpan, metricsEnabled, SpanKind, traceparentOf, type Span } from "@casemix/telemetry";
import type { Principal } from "@casemix/auth";
import { appendAudit, currentCaller, runInContext, type Caller, type DbScope, type Queryable } from "@casemix/db";
import type { Logger } from "./logger.ts";
import { newTraceparent, traceIdOf } from "./trace.ts";

/** One line of the access log (JSON lines): who called what, how it ended. No query string, no body. */
export type AccessLine = {
  time: string; type: "access"; requestId: string; traceId: string | null; method: string; path: string;
  status: number; ms: number; actor: string | null; roles: string[]; hospital: string | null;
};

export type AccessLogWriter = (line: AccessLine) => void;

const requestIdPattern = /^[A-Za-z0-9._-]{1,64}$/;

/** Row-level security scope of a verified caller: its hospital, else (a national role) the system scope. */
export function scopeOf(principal: Principal | undefined): DbScope {
  if (!principal) return { kind: "none" };
  return principal.hospital !== undefined ? { kind: "hospital", hospital: principal.hospital } : { kind: "system" };
}

export type RequestContextOptions = {
  accessLog?: AccessLogWriter;
  /** The function serving the request (the `fn` label of the HTTP metrics); absent: `mesh`. */
  fn?: string;
};

/**
 * Wraps every HTTP request: a request id (the caller's `x-request-id` when well formed, else a new
 * one, echoed back), the call context that database work and audit records inherit (scope.ts) read from
 * the principal once the route's auth middleware has verified it (no principal: no hospital's rows), one
 * access-log line when the answer is ready, the request counted by route pattern and status
 * (`casemix_http_requests_total`, `casemix_http_request_duration_seconds`), and a server span when
 * tracing is on. The request's traceparent ({@link requestTraceparent}) is the caller's, else the span's,
 * else a new one: a batch uploaded without one still gets one trace for all its chunks.
 */
export function requestContext({ accessLog, fn = "mesh" }: RequestContextOptions = {}): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    const given = c.req.header("x-request-id");
    const requestId = given && requestIdPattern.test(given) ? given : randomUUID();
    const callerTraceparent = c.req.header("traceparent");
    const principal = () => c.get("principal" as never) as Principal | undefined;
    c.header("x-request-id", requestId);
    const serve = async (span: Span | undefined) => {
      const traceparent = traceparentOf(span) ?? callerTraceparent ?? newTraceparent();
      c.set("traceparent" as never, traceparent as never);
      const traceId = traceIdOf(traceparent) ?? null;
      const caller = (): Caller | undefined => {
        const p = principal();
        return p && { actor: p.subject, roles: p.roles, hospital: p.hospital, requestId, ...(traceId ? { traceId } : {}) };
      };
      try {
        await runInContext({ scope: () => scopeOf(principal()), caller }, next);
      } finally {
        const route = routeOf(c);
        const seconds = (performance.now() - started) / 1000;
        span?.updateName(`${c.req.method} ${route}`);
        span?.setAttributes({ "http.route": route, "http.response.status_code": c.res.status });
        if (metricsEnabled()) {
          httpRequests.inc({ fn, method: c.req.method, route, status: String(c.res.status) });
          httpDuration.observe({ fn, method: c.req.method, route }, seconds);
        }
        const p = principal();
        accessLog?.({
          time: new Date().toISOString(), type: "access", requestId, traceId, method: c.req.method, path: c.req.path,
          status: c.res.status, ms: Math.round(seconds * 10_000) / 10,
          actor: p?.subject ?? null, roles: p?.roles ?? [], hospital: p?.hospital ?? null,
        });
      }
    };
    // Probes and scrapes are counted and logged like any request but make no span: one trace per
    // kubelet probe or Prometheus scrape is noise that costs CPU and buries the batches' traces.
    if (UNTRACED_PATHS.has(c.req.path)) await serve(undefined);
    else await inSpan(`${c.req.method} ${c.req.path}`, { kind: SpanKind.SERVER, traceparent: callerTraceparent, attributes: { "http.request.method": c.req.method } }, serve);
  };
}

/** The probe and scrape paths of every process (app.ts, telemetry.ts). */
const UNTRACED_PATHS: ReadonlySet<string> = new Set(["/healthz", "/readyz", "/metrics"]);

/**
 * The route pattern that answered (`/v1/batches/:batchId`), never the raw path: a label per batch id
 * would grow without bound and name things a metric must not. No route: `unmatched`.
 */
export function routeOf(c: Context): string {
  return matchedRoutes(c).find((r) => r.method !== "ALL")?.path ?? "unmatched";
}

/**
 * The traceparent of the request being served (set by {@link requestContext}): what events it starts
 * carry, so a batch is one trace from its upload to its webhook.
 */
export function requestTraceparent(c: Context): string | undefined {
  return (c.get("traceparent" as never) as string | undefined) ?? c.req.header("traceparent");
}

/**
 * The access log's destination from ACCESS_LOG: `log` (default) through the function's JSON-lines
 * logger at info, `off`, or a file path appended to as JSON lines.
 */
export function accessLogFor(setting: string | undefined, log: Logger): AccessLogWriter | undefined {
  if (setting === "off") return undefined;
  if (setting === undefined || setting === "log") return (line) => log.info("access", line);
  mkdirSync(dirname(setting), { recursive: true });
  const file = createWriteStream(setting, { flags: "a" });
  file.on("error", (error) => log.error("access log not written", { error: error.message }));
  return (line) => void file.write(JSON.stringify(line) + "\n");
}

/**
 * Audits a REST call for its verified principal, inside the caller's transaction (or alone, for a
 * read), with the request and trace ids of the request context when there is one.
 *
 * @example
 * await db.transaction(async (tx) => { ...; await auditRequest(tx, c.get("principal"), "config.publish", versionId); });
 */
export async function auditRequest(
  tx: Queryable, principal: Principal, action: string, object: string, detail?: Record<string, unknown>,
): Promise<void> {
  const request = currentCaller();
  await appendAudit(tx, {
    actor: principal.subject, roles: principal.roles, hospital: principal.hospital ?? null, action, object,
    requestId: request?.requestId ?? null, traceId: request?.traceId ?? null, detail,
  });
}
