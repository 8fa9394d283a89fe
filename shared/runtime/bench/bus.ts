/**
 * Bus and runtime benchmark (issue 2). Prints, in one run:
 *   - the runtime's cost per event: HTTP parse, data validation, idempotent processing (PGlite and
 *     PostgreSQL), and dispatch through the in-process bus vs the Kafka bus;
 *   - Kafka-bus throughput in events/s (produce -> consume -> deliver), and in claims/s when each
 *     event is a claim-check for a 10,000-claim chunk.
 * Run: bash scripts/with-services.sh npx node shared/runtime/bench/bus.ts [events]
 */
import { performance } from "node:perf_hooks";
import { createKafkaBus, createMemoryBus, type Bus } from "@casemix/bus";
import { createPgliteDb, createPostgresDb, migrate, type Db } from "@casemix/db";
import { EventTypes, type CasemixEvent, type Route } from "@casemix/events";
import { BaseEnvSchema, parseEnv } from "../src/env.ts";
import { eventFromHttp, eventToHttp } from "../src/cloudevent-http.ts";
import { createLogger } from "../src/logger.ts";
import { validateEventData } from "../src/validate-data.ts";
import { createEventProcessor } from "../src/processor.ts";

const N = Number(process.argv[2] ?? 20_000);
const CHUNK = 10_000;
const env = parseEnv(BaseEnvSchema, process.env);
const hex = (n: number) => n.toString(16).padStart(64, "0");

const chunkEvent = (i: number): CasemixEvent => ({
  specversion: "1.0",
  id: `evt_bench_${i}`,
  source: "/casemix/intake",
  type: EventTypes.claimsChunkReceived,
  subject: `chk_${i}`,
  partitionkey: `H${i % 50}`,
  traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
  data: {
    batchId: "bat_bench",
    chunkId: `chk_${i}`,
    chunkIndex: i,
    hospitalCode: `H${String(i % 50).padStart(3, "0")}`,
    objectKey: `landing/bat_bench/chk_${i}/evt_${i}.parquet`,
    sha256: hex(i),
    rowCount: CHUNK,
    channel: "upload",
  },
});

const perEventUs = (ms: number, n: number) => ((ms * 1000) / n).toFixed(2);
const line = (label: string, value: string) => console.log(`${label.padEnd(52)} ${value}`);

function timeSync(n: number, fn: (i: number) => void): number {
  const t = performance.now();
  for (let i = 0; i < n; i++) fn(i);
  return performance.now() - t;
}

async function processorCost(db: Db, n: number): Promise<number> {
  await migrate(db);
  const processor = createEventProcessor({
    fn: { name: `bench_${Date.now()}`, handle: async () => ({}) },
    db,
    deps: {},
    log: createLogger({ level: "silent" }),
    validateData: validateEventData,
  });
  const t = performance.now();
  for (let i = 0; i < n; i++) await processor.process(chunkEvent(i));
  return performance.now() - t;
}

async function busThroughput(bus: Bus, n: number): Promise<number> {
  let delivered = 0;
  let done!: () => void;
  const all = new Promise<void>((r) => (done = r));
  await bus.subscribe({ name: "sink", deliver: async () => (++delivered === n && done(), { status: 202 }) });
  const t = performance.now();
  for (let i = 0; i < n; i += 500) await bus.publish(Array.from({ length: Math.min(500, n - i) }, (_, k) => chunkEvent(i + k)));
  await all;
  return performance.now() - t;
}

const routes = (suffix: string): Route[] => [
  { name: `bench-${suffix}`, subscriber: "sink", filters: [{ exact: { type: EventTypes.claimsChunkReceived } }], delivery: { retry: 3, backoffPolicy: "exponential", backoffDelay: "PT0.1S", deadLetter: true } },
];

async function main() {
  console.log(`events: ${N}, chunk size ${CHUNK} claims, node ${process.version}`);
  const http = eventToHttp(chunkEvent(1));
  eventFromHttp(http);
  line("parse (HTTP binary mode -> validated CloudEvent)", `${perEventUs(timeSync(N, () => eventFromHttp(http)), N)} µs/event`);
  line("validate (zod data schema of the type)", `${perEventUs(timeSync(N, (i) => validateEventData(chunkEvent(i))), N)} µs/event`);
  const small = Math.min(N, 2000);
  line("process, idempotent record on PGlite (embedded)", `${perEventUs(await processorCost(await createPgliteDb(), small), small)} µs/event`);
  if (env.DATABASE_URL) {
    const pg = createPostgresDb({ url: env.DATABASE_URL, max: 4 });
    line("process, idempotent record on PostgreSQL", `${perEventUs(await processorCost(pg, small), small)} µs/event`);
    await pg.close();
  }
  const memory = createMemoryBus({ routes: routes("memory") });
  const memMs = await busThroughput(memory, N);
  line("dispatch, in-process bus", `${perEventUs(memMs, N)} µs/event, ${Math.round((N / memMs) * 1000)} events/s`);
  if (env.KAFKA_BROKERS) {
    const run = `${process.pid}_${Date.now()}`;
    const kafka = createKafkaBus({ brokers: env.KAFKA_BROKERS.split(","), routes: routes(run), topic: `casemix.bench.${run}`, groupPrefix: `bench_${run}` });
    const ms = await busThroughput(kafka, N);
    const eps = (N / ms) * 1000;
    line("dispatch, Kafka bus (produce, consume, deliver)", `${perEventUs(ms, N)} µs/event, ${Math.round(eps)} events/s`);
    line("Kafka bus, claims/s as 10k-claim chunk events", `${Math.round(eps * CHUNK).toLocaleString("en")} claims/s`);
    await kafka.close();
  } else {
    line("Kafka bus", "skipped: KAFKA_BROKERS is not set (run under scripts/with-services.sh)");
  }
  line("peak RSS", `${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`);
}

await main();
process.exit(0);
