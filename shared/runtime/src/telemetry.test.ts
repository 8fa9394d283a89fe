import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestPglite, type Queryable, type TestDb } from "@casemix/db";
import type { CasemixEvent } from "@casemix/events";
import { createFolderStore } from "@casemix/storage";
import { registry, setMetricsEnabled, startTracing } from "@casemix/telemetry";
import { startOtlpReceiver } from "@casemix/telemetry/test-support/otlp-receiver.ts";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createProbesApp } from "./app.ts";
import { createLogger } from "./logger.ts";
import { createHttpSubscriber } from "./http-subscriber.ts";
import { createEventProcessor } from "./processor.ts";
import { requestContext } from "./request-context.ts";
import { readDatabaseGaugesFrom, tracedDb, tracedStore } from "./telemetry.ts";

const traceparent = `00-${"c".repeat(32)}-${"d".repeat(16)}-01`;
const chunk = (id: string, rowCount: number) =>
  ({ specversion: "1.0", id, source: "/casemix/dedupe", type: "casemix.test.chunk", time: "2027-01-01T00:00:00Z", traceparent, data: { rowCount } }) as unknown as CasemixEvent;

/** One sample's value from the registry, by sample name (`_count` of a histogram too) and labels. */
async function sample(name: string, labels: Record<string, string>): Promise<number | undefined> {
  const family = (await registry.getMetricsAsJSON()).find((m) => m.name === name || m.name === name.replace(/_(count|sum|bucket)$/, ""));
  const values = (family?.values ?? []) as { metricName?: string; labels: Record<string, string | number>; value: number }[];
  const matches = (v: (typeof values)[number]) => (v.metricName ?? family?.name) === name && Object.entries(labels).every(([k, l]) => String(v.labels[k]) === l);
  return values.find(matches)?.value;
}

describe("the runtime's metrics", () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestPglite();
  });
  afterAll(() => db.close());

  it("an event counts once by type and status, its claims once (a redelivery counts as a duplicate, not as claims), its latency once", async () => {
    const lines: string[] = [];
    const processor = createEventProcessor({
      fn: { name: "group", handle: async (event) => ({ reply: { id: `r-${event.id}`, type: "casemix.test.grouped", data: {} } as never }) },
      db, deps: {}, log: createLogger({ write: (l) => lines.push(l) }),
    });
    await processor.process(chunk("evt_a", 5000));
    await processor.process(chunk("evt_a", 5000));
    await processor.process(chunk("evt_b", 120));
    expect(await sample("casemix_events_handled_total", { fn: "group", type: "casemix.test.chunk", status: "200", duplicate: "false" })).toBe(2);
    expect(await sample("casemix_events_handled_total", { fn: "group", type: "casemix.test.chunk", status: "200", duplicate: "true" })).toBe(1);
    expect(await sample("casemix_claims_handled_total", { fn: "group", type: "casemix.test.chunk" })).toBe(5120);
    expect(await sample("casemix_events_emitted_total", { fn: "group", type: "casemix.test.grouped" })).toBe(2);
    expect(await sample("casemix_handler_duration_seconds_count", { fn: "group", type: "casemix.test.chunk" })).toBe(3);
  });

  it("a handler's log lines carry the event's trace id and span id", async () => {
    const lines: string[] = [];
    const processor = createEventProcessor({
      fn: { name: "validate", handle: async (_e, ctx) => void ctx.log.info("chunk validated") },
      db, deps: {}, log: createLogger({ write: (l) => lines.push(l) }),
    });
    await processor.process(chunk("evt_log", 1));
    expect(JSON.parse(lines.find((l) => l.includes("chunk validated"))!)).toMatchObject({ msg: "chunk validated", trace_id: "c".repeat(32), span_id: "d".repeat(16) });
  });

  it("HTTP requests count by route pattern, never by raw path, and by status; an unmatched path is `unmatched`", async () => {
    const app = new Hono();
    app.use("*", requestContext({ fn: "intake" }));
    app.get("/v1/batches/:batchId", (c) => c.json({ id: c.req.param("batchId") }));
    await app.request("/v1/batches/bat_1");
    await app.request("/v1/batches/bat_2");
    await app.request("/nothing/here");
    expect(await sample("casemix_http_requests_total", { fn: "intake", method: "GET", route: "/v1/batches/:batchId", status: "200" })).toBe(2);
    expect(await sample("casemix_http_requests_total", { fn: "intake", method: "GET", route: "unmatched", status: "404" })).toBe(1);
    const exposed = await registry.metrics();
    expect(exposed).not.toContain("bat_1");
  });

  it("GET /metrics serves the exposition with the database gauges; with metrics off it answers 404", async () => {
    readDatabaseGaugesFrom(db);
    await db.query("insert into outbox (event, created_at) values ('{}'::jsonb, now() - interval '30 seconds')");
    const app = createProbesApp({ name: "group" });
    const res = await app.request("/metrics");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    const body = await res.text();
    expect(body).toContain("casemix_outbox_pending 1");
    expect(Number(/^casemix_outbox_oldest_age_seconds (\S+)$/m.exec(body)?.[1])).toBeGreaterThanOrEqual(30);
    setMetricsEnabled(false);
    try {
      expect((await app.request("/metrics")).status).toBe(404);
    } finally {
      setMetricsEnabled(true);
    }
  });

  it("a scrape reads the database gauges in one statement (one pooled connection, not one per gauge)", async () => {
    const statements: string[] = [];
    readDatabaseGaugesFrom({ query: (sql, params) => (statements.push(sql), db.query(sql, params)) } as Queryable);
    await db.query("insert into batch (id, hospital_code, channel, status, created_at) values ('bat_gauge', 'H001', 'rest', 'processing', now() - interval '90 seconds')");
    try {
      const body = await (await createProbesApp({ name: "group" }).request("/metrics")).text();
      expect(statements).toHaveLength(1);
      expect(body).toMatch(/^casemix_batches\{status="processing"\} [1-9]/m);
      expect(Number(/^casemix_batch_oldest_processing_age_seconds (\S+)$/m.exec(body)?.[1])).toBeGreaterThanOrEqual(90);
    } finally {
      await db.query("delete from batch where id = 'bat_gauge'");
      readDatabaseGaugesFrom(db);
    }
  });

  it("off, the database and the object store are not wrapped at all; on, each transaction and object call is a span of the handler's trace", async () => {
    const store = createFolderStore({ root: await mkdtemp(join(tmpdir(), "casemix-traced-")) });
    expect(tracedDb(db)).toBe(db);
    expect(tracedStore(store)).toBe(store);
    const receiver = await startOtlpReceiver();
    const tracing = await startTracing({ endpoint: receiver.endpoint, serviceName: "price" });
    try {
      const traced = { db: tracedDb(db), store: tracedStore(store) };
      const processor = createEventProcessor({
        fn: {
          name: "price",
          handle: async () => {
            await traced.store.put("price/bat_1/chk_1/evt.parquet", "rows");
            return {};
          },
        },
        db: traced.db, deps: {}, log: createLogger({ level: "silent" }),
      });
      await processor.process(chunk("evt_traced", 10));
      await tracing.flush();
      const spans = receiver.spans;
      const handler = spans.find((s) => s.name === "price casemix.test.chunk")!;
      expect(handler).toMatchObject({ service: "price", traceId: "c".repeat(32), parentSpanId: "d".repeat(16) });
      for (const name of ["objects put", "db transaction"]) {
        expect(spans.find((s) => s.name === name), name).toMatchObject({ traceId: "c".repeat(32), parentSpanId: handler.spanId });
      }
    } finally {
      await tracing.shutdown();
      await receiver.close();
    }
  });

  it("on, a poller's transaction and object call outside any span make no trace of their own", async () => {
    const store = createFolderStore({ root: await mkdtemp(join(tmpdir(), "casemix-traced-")) });
    const receiver = await startOtlpReceiver();
    const tracing = await startTracing({ endpoint: receiver.endpoint, serviceName: "notify" });
    try {
      await tracedDb(db).transaction((tx) => tx.query("select 1"));
      await tracedStore(store).put("exports/poll.txt", "x");
      await tracing.flush();
      expect(receiver.spans).toEqual([]);
    } finally {
      await tracing.shutdown();
      await receiver.close();
    }
  });

  it("on, probes and scrapes make no span; other requests do", async () => {
    const receiver = await startOtlpReceiver();
    const tracing = await startTracing({ endpoint: receiver.endpoint, serviceName: "group" });
    try {
      const app = new Hono();
      app.use("*", requestContext({ fn: "group" }));
      for (const path of ["/healthz", "/readyz", "/metrics", "/v1/group"]) app.get(path, (c) => c.text("ok"));
      for (const path of ["/healthz", "/readyz", "/metrics", "/v1/group"]) expect((await app.request(path)).status).toBe(200);
      await tracing.flush();
      expect(receiver.spans.map((s) => s.name)).toEqual(["GET /v1/group"]);
    } finally {
      await tracing.shutdown();
      await receiver.close();
    }
  });

  it("on, an HTTP delivery sends its span as the W3C traceparent header and leaves the event's own traceparent as it was", async () => {
    const receiver = await startOtlpReceiver();
    const tracing = await startTracing({ endpoint: receiver.endpoint, serviceName: "broker" });
    const seen: Record<string, string | undefined>[] = [];
    const server = createServer((req, res) => {
      seen.push({ traceparent: req.headers["traceparent"] as string | undefined, ce: req.headers["ce-traceparent"] as string | undefined });
      req.resume();
      req.on("end", () => res.writeHead(202).end());
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const { port } = server.address() as AddressInfo;
      const subscriber = createHttpSubscriber({ name: "group", url: `http://127.0.0.1:${port}/` });
      await subscriber.deliver(chunk("evt_deliver", 1));
      await tracing.flush();
      const deliver = receiver.spans.find((s) => s.name === "deliver to group")!;
      expect(seen).toEqual([{ traceparent: `00-${"c".repeat(32)}-${deliver.spanId}-01`, ce: traceparent }]);
    } finally {
      server.close();
      await tracing.shutdown();
      await receiver.close();
    }
  });
});
