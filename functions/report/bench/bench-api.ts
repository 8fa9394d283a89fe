/**
 * Reporting API latency at a fixed rate (open loop), authenticated, over many distinct URLs, against
 * a period of >= 1M priced claims seeded straight into PostgreSQL (database casemix_bench_report).
 *
 *   npx node functions/report/bench/bench-api.ts [--claims 1000000] [--rate 100] [--seconds 60]
 *       [--pg postgres://postgres@127.0.0.1:5432] [--redis redis://127.0.0.1:6379] [--reseed]
 *
 * Latency is measured from each request's intended send time (t0 + i / rate), so a stalled server
 * cannot hide queueing delay (no coordinated omission).
 */
import { spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { startTestIssuer } from "@casemix/auth";
import { createMemoryCache } from "@casemix/cache";
import { createPostgresDb, migrate } from "@casemix/db";
import { EventTypes } from "@casemix/events";
import { createEventProcessor, createLogger, type Platform } from "@casemix/runtime";
import { createFolderStore } from "@casemix/storage";
import { createReport } from "../src/handler.ts";
import { seedPricedPeriod } from "../src/seed.ts";

const { values: o } = parseArgs({
  options: {
    claims: { type: "string", default: "1000000" }, rate: { type: "string", default: "100" }, seconds: { type: "string", default: "60" },
    pg: { type: "string", default: "postgres://postgres@127.0.0.1:5432" }, redis: { type: "string", default: "redis://127.0.0.1:6379" },
    reseed: { type: "boolean", default: false }, hospitals: { type: "string", default: "150" },
  },
});
const CLAIMS = Number(o.claims), RATE = Number(o.rate), SECONDS = Number(o.seconds), PERIOD = "2027-01", RUN = "run_bench-2027-01";
const DB_NAME = "casemix_bench_report";
const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);

const admin = new pg.Client({ connectionString: `${o.pg}/postgres` });
await admin.connect();
if (o.reseed) await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME}`);
const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [DB_NAME]);
if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${DB_NAME}`);
await admin.end();
const databaseUrl = `${o.pg}/${DB_NAME}`;
const db = createPostgresDb({ url: databaseUrl, max: 4 });
await migrate(db);

const have = Number((await db.query<{ n: string }>("SELECT count(*)::text AS n FROM price_current WHERE period = $1", [PERIOD])).rows[0].n);
if (have < CLAIMS) {
  if (have > 0) throw new Error(`the bench database holds ${have} claims of ${PERIOD}, fewer than ${CLAIMS}: run with --reseed`);
  let t = performance.now();
  await seedPricedPeriod(db, { period: PERIOD, runId: RUN, claims: CLAIMS, hospitals: Number(o.hospitals), drgs: 600 });
  await db.query("ANALYZE");
  log(`seeded ${CLAIMS} priced claims in ${((performance.now() - t) / 1000).toFixed(1)} s`);
} else log(`using ${have} priced claims already seeded in ${DB_NAME}`);

const storageDir = await mkdtemp(join(tmpdir(), "casemix-bench-report-"));
const platform: Platform = {
  env: {} as never, source: {}, db, cache: createMemoryCache(), store: createFolderStore({ root: storageDir }),
  log: createLogger({ level: "silent" }), now: () => new Date(), verifier: async () => Promise.reject(new Error("unused")), send: async () => undefined,
};
let t = performance.now();
const result = await createEventProcessor({ fn: createReport(platform), db, deps: {}, log: platform.log }).process({
  specversion: "1.0", id: `evt_bench_${Date.now()}`, source: "/casemix/price", type: EventTypes.periodPriced, time: new Date().toISOString(),
  data: { period: PERIOD, runId: RUN, runKind: "close", chunkCount: 1, claimCount: CLAIMS, totalSen: "0", tariffVersionIds: ["synthetic@1"], pricedAt: new Date().toISOString() },
});
if (result.status !== 200) throw new Error(`report failed: ${JSON.stringify(result.error)}`);
log(`report of ${PERIOD} (figures, CSV, PDF, curated parquet) in ${((performance.now() - t) / 1000).toFixed(1)} s; report process peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`);

// Distinct URLs over every dimension.
const figures = (await db.query<{ dimension: string; hospital_code: string; mdc: string; drg: string }>(
  "SELECT dimension, hospital_code, mdc, drg FROM report_figure WHERE period = $1 ORDER BY md5(dimension || hospital_code || mdc || drg)", [PERIOD],
)).rows;
const urlOf = (f: (typeof figures)[number]) => {
  const base = `/v1/reports/${PERIOD}`;
  switch (f.dimension) {
    case "period": return base;
    case "hospital": return `${base}/hospitals/${f.hospital_code}`;
    case "mdc": return `${base}/mdcs/${f.mdc}`;
    case "drg": return `${base}/drgs/${f.drg}`;
    case "hospital-mdc": return `${base}/hospitals/${f.hospital_code}/mdcs/${f.mdc}`;
    default: return `${base}/hospitals/${f.hospital_code}/drgs/${f.drg}`;
  }
};
const total = RATE * SECONDS;
const urls = [...new Set(figures.slice(0, Math.max(100, Math.min(figures.length, total))).map(urlOf))];
await db.close();

const issuer = await startTestIssuer();
const token = await issuer.token({ sub: "bench", roles: ["ministry"], expiresIn: "2h" });
const port = 18_000 + (process.pid % 1000);
const server = spawn(process.execPath, [join(import.meta.dirname, "serve-report.ts"),
  JSON.stringify({ databaseUrl, redisUrl: o.redis || undefined, issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl, port, storageDir })], { stdio: ["ignore", "pipe", "inherit"] });
const lines: string[] = [];
await new Promise<void>((resolve, reject) => {
  server.stdout.on("data", (b: Buffer) => { lines.push(...b.toString().trim().split("\n")); if (lines.includes("ready")) resolve(); });
  server.on("exit", (code) => reject(new Error(`server exited ${code}`)));
});
const base = `http://127.0.0.1:${port}`;
const headers = { authorization: `Bearer ${token}` };
// One authenticated call first so the server has fetched the issuer's JWKS (a one-time cost).
await (await fetch(`${base}${urls[0]}`, { headers })).text();

log(`driving ${RATE} req/s for ${SECONDS} s over ${urls.length} distinct URLs (open loop, ministry token, cache ${o.redis ? "Redis" : "memory"})`);
const latencies: number[] = [];
let errors = 0;
const statuses = new Map<number, number>();
const start = performance.now() + 50;
const inflight: Promise<void>[] = [];
for (let i = 0; i < total; i++) {
  const intended = start + (i * 1000) / RATE;
  const wait = intended - performance.now();
  if (wait > 1) await new Promise((r) => setTimeout(r, wait));
  const url = `${base}${urls[i % urls.length]}`;
  inflight.push(
    fetch(url, { headers }).then(
      async (res) => { await res.arrayBuffer(); statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1); if (res.status !== 200) errors++; latencies.push(performance.now() - intended); },
      () => { errors++; latencies.push(performance.now() - intended); },
    ),
  );
}
await Promise.all(inflight);
const elapsed = (performance.now() - start) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1);
server.kill("SIGTERM");
await new Promise((r) => server.on("exit", r));
await issuer.close();
const rss = lines.find((l) => l.startsWith("rss "))?.slice(4) ?? "?";
log(`sent ${total} requests in ${elapsed.toFixed(1)} s (${(total / elapsed).toFixed(1)} req/s achieved); statuses ${JSON.stringify(Object.fromEntries(statuses))}; errors ${errors}`);
log(`latency from intended send: p50 ${pct(50)} ms, p95 ${pct(95)} ms, p99 ${pct(99)} ms, max ${latencies.at(-1)!.toFixed(1)} ms (target p95 <= 50 ms)`);
log(`API server peak RSS ${rss} MiB`);
