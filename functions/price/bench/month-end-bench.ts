/**
 * Benchmark: time from `period.closed` to `period.priced` for one period of N seeded grouped claims
 * (default 1,000,000), distributed (price and scheduler processes, Kafka broker, PostgreSQL, S3) and
 * embedded (PGlite, folder store, in-process bus). Prints seconds, claims per second and peak RSS.
 *
 *   bash scripts/with-services.sh npx node functions/price/bench/month-end-bench.ts [--claims 1000000] [--mode both|distributed|embedded]
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { EventTypes, type CasemixEvent } from "@casemix/events";
import { periodClosedEvent } from "@casemix/month-end";
import { BaseEnvSchema, createLogger, parseEnv, startEmbeddedMesh } from "@casemix/runtime";
import { demoVersions } from "../../../e2e/src/month-end/harness.ts";
import { hasServices, startDistributedMonthEnd } from "../../../e2e/src/month-end/distributed.ts";
import { peakRss } from "../../../e2e/src/intake-distributed-harness.ts";
import { seedPeriod } from "../src/testing/seed-period.ts";
import { createPriceModule } from "../src/function.ts";
import type { Queryable } from "@casemix/db";

const { values } = parseArgs({ options: { claims: { type: "string", default: "1000000" }, mode: { type: "string", default: "both" } } });
const CLAIMS = Number(values.claims);
const PERIOD = "2026-01";
const { tariff, register } = demoVersions();
const drgs = tariff.drgs.map((d) => d.drg);

async function seed(db: Queryable) {
  const started = performance.now();
  const part = 100_000;
  for (let i = 0; i * part < CLAIMS; i++) {
    await seedPeriod(db, { period: PERIOD, count: Math.min(part, CLAIMS - i * part), hospitals: register.hospitals, drgs, seed: 100 + i, prefix: `b${String(i).padStart(3, "0")}_`, batchId: `bat_bench${i}` });
  }
  return (performance.now() - started) / 1000;
}

const closeEvent = () => periodClosedEvent(PERIOD, { now: new Date(), source: "/casemix/bench" }) as CasemixEvent;

function report(mode: string, seconds: number, data: Record<string, unknown>, extra: string) {
  console.log(`${mode}: ${CLAIMS.toLocaleString("en")} claims, period.closed -> period.priced ${seconds.toFixed(1)} s (${Math.round(CLAIMS / seconds).toLocaleString("en")} claims/s); ` +
    `chunks ${data.chunkCount}, total ${data.totalSen} sen; ${extra}`);
}

async function distributed() {
  if (!hasServices) return console.log("distributed: skipped (no DATABASE_URL/KAFKA_BROKERS/S3_ENDPOINT; run under scripts/with-services.sh)");
  const m = await startDistributedMonthEnd("monthbench");
  try {
    const seedSeconds = await seed(m.db);
    await m.db.query("analyze");
    const started = performance.now();
    await m.broker.bus.publish([closeEvent()]);
    const [event] = await m.waitForPriced(1, 900_000);
    const seconds = (performance.now() - started) / 1000;
    report("distributed", seconds, event.data, `peak RSS price ${m.price.peakRssMiB()} MiB, bench process ${peakRss(process.pid)} MiB; seeding took ${seedSeconds.toFixed(1)} s`);
  } finally {
    await m.close();
  }
}

async function embedded() {
  const dir = await mkdtemp(join(tmpdir(), "month-end-bench-"));
  const env = parseEnv(BaseEnvSchema, { PGLITE_DATA_DIR: join(dir, "pg"), STORAGE_DIR: join(dir, "objects"), LOG_LEVEL: "warn" });
  const mesh = await startEmbeddedMesh({ modules: [createPriceModule()], env, log: createLogger({ level: "warn" }) });
  try {
    const seedSeconds = await seed(mesh.platform.db);
    const started = performance.now();
    await mesh.bus.publish([closeEvent()]);
    let data: Record<string, unknown> | undefined;
    while (!data) {
      const { rows } = await mesh.platform.db.query<{ event: any }>("select event from outbox where event->>'type' = $1", [EventTypes.periodPriced]);
      if (rows[0]) data = (typeof rows[0].event === "string" ? JSON.parse(rows[0].event) : rows[0].event).data;
      else await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (performance.now() - started) / 1000;
    report("embedded", seconds, data, `peak RSS ${peakRss(process.pid)} MiB (one process); seeding took ${seedSeconds.toFixed(1)} s`);
  } finally {
    await mesh.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (values.mode !== "embedded") await distributed();
if (values.mode !== "distributed") await embedded();
process.exit(0);
