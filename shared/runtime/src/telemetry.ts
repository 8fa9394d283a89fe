import { Hono } from "hono";
import type { Db, Queryable } from "@casemix/db";
import type { ObjectStore } from "@casemix/storage";
import { exposition, inSpan, metricsEnabled, readDatabaseGaugesWith, setMetricsEnabled, SpanKind, startTracing, tracingEnabled, type DatabaseGauges, type Tracing } from "@casemix/telemetry";
import type { BaseEnv } from "./env.ts";
import type { Logger } from "./logger.ts";

/**
 * Turns a process's telemetry on from its env: metrics unless METRICS=off; traces exported over OTLP
 * only when OTEL_EXPORTER_OTLP_ENDPOINT is set (otherwise nothing is recorded and no span is made).
 */
export async function startTelemetry(env: BaseEnv, serviceName: string, log: Logger): Promise<Tracing | undefined> {
  setMetricsEnabled(env.METRICS === "on");
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT) return undefined;
  const tracing = await startTracing({ endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: env.OTEL_SERVICE_NAME ?? serviceName, scheduledDelayMillis: env.OTEL_BSP_SCHEDULE_DELAY });
  log.info("traces exported over OTLP", { endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT });
  return tracing;
}

/**
 * `GET /metrics`: the Prometheus text exposition of this process. A probe-like route (policy action
 * `probe.metrics`, public like `/readyz`): see README "Metrics" for why it needs no token. With
 * METRICS=off it answers 404, so a scrape that finds it off says so instead of reading zeros.
 */
export function createMetricsApp(): Hono {
  const app = new Hono();
  app.get("/metrics", async (c) => {
    if (!metricsEnabled()) return c.json({ error: { code: "E_METRICS_OFF", message: "metrics are off (METRICS=off)" } }, 404);
    const { body, contentType } = await exposition();
    return c.body(body, 200, { "content-type": contentType });
  });
  return app;
}

/**
 * The gauges a scrape reads from the database: the outbox's depth and age and the batches by status,
 * in one statement, so a scrape needs one pooled connection. Three statements at once took three, and
 * with Prometheus scraping every 15 s and the pool closing connections idle for 10 s, every scrape of
 * every process opened new PostgreSQL backends: the overhead benchmark (issue 21) measured that as
 * most of telemetry's cost (PostgreSQL CPU +17 s in a 400k run).
 */
export function readDatabaseGaugesFrom(db: Queryable): void {
  readDatabaseGaugesWith(async (): Promise<DatabaseGauges> => {
    const { rows } = await db.query<{ outbox_pending: number; outbox_age: number | null; batches: Record<string, number> | null; processing_age: number | null }>(
      `SELECT
         (SELECT count(*)::int FROM outbox WHERE published_at IS NULL) AS outbox_pending,
         (SELECT extract(epoch FROM now() - min(created_at))::float8 FROM outbox WHERE published_at IS NULL) AS outbox_age,
         (SELECT jsonb_object_agg(status, n) FROM (SELECT status, count(*)::int AS n FROM batch GROUP BY status) AS b) AS batches,
         (SELECT extract(epoch FROM now() - min(created_at))::float8 FROM batch WHERE status = 'processing') AS processing_age`,
    );
    const r = rows[0];
    return {
      outboxPending: Number(r?.outbox_pending ?? 0),
      outboxOldestAgeSeconds: Number(r?.outbox_age ?? 0),
      batches: Object.fromEntries(Object.entries(r?.batches ?? {}).map(([status, n]) => [status, Number(n)])),
      batchOldestProcessingAgeSeconds: Number(r?.processing_age ?? 0),
    };
  });
}

/**
 * The database with a client span around each transaction made inside a traced operation (a handled
 * event, a request), when tracing is on; the same object when it is off (nothing wraps it, nothing
 * costs). A poller's transaction outside any span makes none.
 */
export function tracedDb(db: Db): Db {
  if (!tracingEnabled()) return db;
  const system = db.kind === "postgres" ? "postgresql" : "pglite";
  return {
    kind: db.kind,
    query: (sql, params) => db.query(sql, params),
    ping: () => db.ping(),
    close: () => db.close(),
    transaction: (fn) => inSpan("db transaction", { kind: SpanKind.CLIENT, requireParent: true, attributes: { "db.system.name": system } }, () => db.transaction(fn)),
  };
}

/**
 * The object store with a client span around each call (S3 is an HTTP call: a chunk's parquet read or
 * write), when tracing is on; the same object when it is off. Listing is left as it is (an iterator).
 */
export function tracedStore(store: ObjectStore): ObjectStore {
  if (!tracingEnabled()) return store;
  const span = <T>(op: string, key: string, work: () => Promise<T>) =>
    inSpan(`${store.kind === "s3" ? "s3" : "objects"} ${op}`, { kind: SpanKind.CLIENT, requireParent: true, attributes: { "casemix.object_key": key } }, work);
  return {
    kind: store.kind,
    put: (key, body) => span("put", key, () => store.put(key, body)),
    putStream: (key, body) => span("put", key, () => store.putStream(key, body)),
    putOnce: (key, body) => span("put", key, () => store.putOnce(key, body)),
    get: (key) => span("get", key, () => store.get(key)),
    getStream: (key) => span("get", key, () => store.getStream(key)),
    head: (key) => span("head", key, () => store.head(key)),
    list: (prefix) => store.list(prefix),
    delete: (key) => span("delete", key, () => store.delete(key)),
  };
}
