import { randomBytes } from "node:crypto";
import { readFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventTypes, routes } from "@casemix/events";
import { generateBatch, type Manifest } from "@casemix/generator";
import { startOtlpReceiver, type OtlpReceiver } from "@casemix/telemetry/test-support/otlp-receiver.ts";
import { terminalCounts, waitCompleted, type BatchStatus } from "../national/national-flow.ts";
import { startSupervisedMesh, type SupervisedMesh } from "../national/supervised-mesh.ts";
import { startPrometheus, type PrometheusServer } from "./prometheus-server.ts";

/**
 * Issue 21 points 2 and 3 on the distributed mesh as an operator runs it (`casemix mesh`, every function
 * its own process from its bundle, Kafka, PostgreSQL, S3, Redis): a real Prometheus scrapes every
 * function and the broker while a month's batches run, and its PromQL answers must equal what the
 * batches moved by the database's count; every process exports spans over OTLP to a receiver here, and
 * one batch's trace must hold a span of every function on a batch's path.
 * TELEMETRY_CLAIMS (default 4,000) from TELEMETRY_HOSPITALS files (default 2).
 */
const CLAIMS = Number(process.env.TELEMETRY_CLAIMS ?? 4000);
const HOSPITALS = Number(process.env.TELEMETRY_HOSPITALS ?? 2);
const TIMEOUT_MS = 600_000;
const T = EventTypes;

let mesh: SupervisedMesh | undefined;
let prometheus: PrometheusServer | undefined;
let receiver: OtlpReceiver | undefined;
let dir: string | undefined;
let manifest: Manifest;
let batchIds: string[] = [];
let statuses: Map<string, BatchStatus>;
/** The trace the first file is uploaded in (its traceparent header); the second gets a new one from intake. */
const traceId = randomBytes(16).toString("hex");
const rootSpanId = randomBytes(8).toString("hex");

/** The functions a batch passes through: intake (its upload) and every subscriber of a batch's events. */
const batchTypes = new Set<string>([T.claimsChunkReceived, T.claimsChunkValidated, T.claimsChunkDeduplicated, T.claimsChunkGrouped, T.claimsChunkPriced, T.claimsChunkFlagged, T.claimsChunkRejected, T.batchCompleted]);
/** A route filtered by subject (appeals' `bat_apl-` batches only) is on no ordinary batch's path. */
const takesEveryBatch = (r: (typeof routes)[number]) => !r.filters.some((f) => "prefix" in f && "subject" in (f.prefix as object));
const batchFunctions = ["intake", ...new Set(routes.filter((r) => r.types.some((t) => batchTypes.has(t)) && takesEveryBatch(r)).map((r) => r.subscriber))].sort();

async function upload(file: { name: string }, headers: Record<string, string> = {}): Promise<string> {
  const hospital = file.name.replace(/\.csv$/, "");
  const token = await mesh!.issuer.token({ roles: ["hospital"], hospital });
  const res = await fetch(`${mesh!.procs.get("intake")!.url}/v1/batches?hospital=${hospital}&fileName=${file.name}`, {
    method: "POST", body: new Uint8Array(await readFile(join(dir!, file.name))), headers: { authorization: `Bearer ${token}`, "content-type": "text/csv", ...headers },
  });
  const body = (await res.json()) as { batchId?: string };
  if (res.status !== 202 || !body.batchId) throw new Error(`${file.name} refused: ${res.status} ${JSON.stringify(body)}`);
  return body.batchId;
}

/** One number from PromQL (the sum of what it returns; 0 when it returns nothing). */
async function promql(expr: string): Promise<number> {
  return (await prometheus!.query(expr)).reduce((a, r) => a + r.value, 0);
}

/** Waits until Prometheus has scraped every target after `since` (so the last counters are in). */
async function scrapedAfter(since: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const targets = await prometheus!.targets();
    const fresh = targets.filter((t) => t.health === "up" && Date.parse((t as unknown as { lastScrape: string }).lastScrape) > since);
    if (fresh.length === targets.length) return;
    if (Date.now() > deadline) throw new Error(`targets not scraped since the batches completed: ${JSON.stringify(targets.map((t) => [t.labels.function, t.health, t.lastError]))}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "telemetry-"));
  const generated = await generateBatch({ claims: CLAIMS, period: "2026-09", hospitals: HOSPITALS, seed: 21, out: dir } as never);
  if (!generated.ok) throw new Error(generated.error.message);
  manifest = generated.manifest;
  receiver = await startOtlpReceiver();
  mesh = await startSupervisedMesh("telemetry", { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint });
  const broker = /broker ingress (\S+)/.exec(mesh.mesh.lines.find((l) => l.startsWith("broker ingress"))!)![1]!;
  prometheus = await startPrometheus([
    { address: new URL(broker).host, labels: { function: "broker" } },
    ...[...mesh.procs].map(([name, p]) => ({ address: new URL(p.url).host, labels: { function: name } })),
  ]);
  batchIds = [];
  for (const [i, f] of manifest.files.entries()) batchIds.push(await upload(f, i === 0 ? { traceparent: `00-${traceId}-${rootSpanId}-01` } : {}));
  statuses = await waitCompleted(mesh, batchIds, TIMEOUT_MS);
  await scrapedAfter(Date.now());
}, TIMEOUT_MS + 300_000);

afterAll(async () => {
  await prometheus?.close();
  await mesh?.close();
  await receiver?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("telemetry of the distributed mesh during a month's batches", () => {
  it("Prometheus scrapes every function and the broker", async () => {
    const targets = await prometheus!.targets();
    expect(targets.map((t) => [t.labels.function, t.health]).sort()).toEqual([["broker", "up"], ...[...mesh!.procs.keys()].map((n) => [n, "up"])].sort());
  });

  it("PromQL over the scrapes equals what the batches moved, by the database's count", async () => {
    const db = async (sql: string) => Number((await mesh!.pool.query(sql, [batchIds])).rows[0].n);
    const received = await db("select sum(rows_received)::int as n from batch where id = any($1)");
    const chunks = await db("select sum(chunks_total)::int as n from batch where id = any($1)");
    // Terminal states summed over the batches (final includes final held for review).
    const totals: Record<string, number> = {};
    for (const s of statuses.values()) for (const [k, n] of Object.entries(terminalCounts(s.counts))) totals[k] = (totals[k] ?? 0) + n;
    const claims = (fn: string, type: string) => promql(`sum(casemix_claims_handled_total{fn="${fn}", type="${type}"})`);
    const numbers = {
      validated: await claims("validate", T.claimsChunkReceived),
      deduplicatedIn: await claims("dedupe", T.claimsChunkValidated),
      rejectedReported: await claims("report", T.claimsChunkRejected),
      grouped: await claims("group", T.claimsChunkDeduplicated),
      priced: await claims("price", T.claimsChunkGrouped),
      flagged: await claims("flag-outlier", T.claimsChunkPriced),
      chunksValidated: await promql(`sum(casemix_events_handled_total{fn="validate", type="${T.claimsChunkReceived}", duplicate="false"})`),
      batchesCompleted: await promql(`sum(casemix_events_handled_total{fn="report", type="${T.batchCompleted}", duplicate="false"})`),
      uploads: await promql('sum(casemix_http_requests_total{fn="intake", method="POST", route="/v1/batches", status="202"})'),
      seenProcessing: await promql('max(max_over_time(casemix_batches{status="processing"}[30m]))'),
      deadLetters: await promql("sum(casemix_dead_letters_total)"),
    };
    console.log(`telemetry: ${CLAIMS} claims, ${batchIds.length} batches, ${chunks} chunks; PromQL ${JSON.stringify(numbers)}; database: received ${received}, ${JSON.stringify(totals)}`);
    // Each step's claims, as the rows its input chunks carried, against the batches' end states:
    // validate takes every row; it rejects some (report takes those) and passes the rest to dedupe,
    // which drops the duplicates; group passes all but the ungroupable to price, and price all to
    // flag-outlier; what flag-outlier takes ends final, or superseded by a later correction.
    expect(numbers.validated).toBe(received);
    expect(numbers.rejectedReported).toBe(totals.rejected);
    expect(numbers.deduplicatedIn).toBe(received - totals.rejected);
    expect(numbers.grouped).toBe(numbers.deduplicatedIn - totals.duplicate);
    expect(numbers.priced).toBe(numbers.grouped - totals.ungroupable);
    expect(numbers.flagged).toBe(numbers.priced);
    expect(numbers.flagged).toBe(totals.final + totals.superseded);
    expect(numbers.chunksValidated).toBe(chunks);
    expect(numbers.batchesCompleted).toBe(batchIds.length);
    expect(numbers.uploads).toBe(batchIds.length);
    expect(numbers.seenProcessing).toBeGreaterThanOrEqual(1);
    expect(numbers.deadLetters).toBe(0);
    // The broker's dispatchers: every route's consumer group (each reads the whole topic) reported its
    // lag, and caught up it is 0.
    const groups = await prometheus!.query('max by (group) (casemix_consumer_lag_messages{function="broker"})');
    expect(groups.length).toBe(new Set(routes.map((r) => r.name)).size);
    const deadline = Date.now() + 60_000;
    while ((await promql('max(casemix_consumer_lag_messages{function="broker"})')) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1000));
    expect(await promql('max(casemix_consumer_lag_messages{function="broker"})')).toBe(0);
    // Latency histograms were scraped for every function on the path.
    const handlerCounts = await prometheus!.query("sum by (fn) (casemix_handler_duration_seconds_count)");
    expect(handlerCounts.map((r) => r.metric.fn).sort()).toEqual(batchFunctions.filter((f) => f !== "intake"));
  });

  it("one batch's trace holds a span of every function on its path and of the broker, every span's parent in it", async () => {
    const deadline = Date.now() + 30_000;
    const inTrace = () => receiver!.spans.filter((s) => s.traceId === traceId);
    let services: string[] = [];
    while (Date.now() < deadline) {
      services = [...new Set(inTrace().map((s) => s.service))].sort();
      if (batchFunctions.every((f) => services.includes(f)) && services.includes("broker")) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const spans = inTrace();
    console.log(`trace ${traceId}: ${spans.length} spans from ${services.join(", ")}; ${receiver!.spans.length} spans received in all`);
    expect(services).toEqual(expect.arrayContaining([...batchFunctions, "broker"]));
    const ids = new Set(spans.map((s) => s.spanId));
    const orphans = spans.filter((s) => s.parentSpanId !== rootSpanId && !ids.has(s.parentSpanId ?? ""));
    expect(orphans.map((s) => `${s.service}: ${s.name}`)).toEqual([]);
    for (const kind of ["db transaction", "deliver to group"]) expect(spans.some((s) => s.name === kind), kind).toBe(true);
    // The other file's batch is a trace of its own: intake started one at its upload.
    expect(receiver!.spans.some((s) => s.service === "validate" && s.traceId !== traceId)).toBe(true);
  });

  it("the functions' log lines name the batch's trace and span (JSON lines, trace_id and span_id)", () => {
    const lines = mesh!.mesh.logs.filter((l) => l.trace_id === traceId);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => typeof l.span_id === "string" && /^[0-9a-f]{16}$/.test(l.span_id as string))).toBe(true);
  });
});
