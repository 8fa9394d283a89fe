import { join } from "node:path";
import { loadavg } from "node:os";
import type pg from "pg";
import type { Manifest } from "@casemix/generator";
import { startNationalMesh } from "../src/national/mesh.ts";
import { batchSpan, functionActivity } from "./function-stats.ts";
import { cpuSeconds, peakRssMiB } from "./proc-stats.ts";
import type { FunctionRow, RunResult } from "./report.ts";
import { createDispatchStats } from "./dispatch-stats.ts";
import { createSampler } from "./sampler.ts";
import { startScraper } from "./scraper.ts";
import { followSharedServers } from "./shared-servers.ts";
import { uploadMonth } from "./upload.ts";
import { settledTotal, waitAndCheck } from "./wait-batches.ts";

export type RunOptions = {
  run: number; dir: string; manifest: Manifest; concurrency: number; sftpFiles: number; timeoutMs: number;
  /** Variables over the run's defaults (e.g. CASEMIX_AUDIT=off, ACCESS_LOG, DATABASE_ROW_SCOPE=on). */
  env?: Record<string, string>;
  /** Distributed only: the functions connect as this role, bound by row-level security (security-cost.ts). */
  functionRole?: string;
  /** Paced mode: claims per second uploaded (files started at that rate); absent, as fast as intake takes them. */
  paceClaimsPerSecond?: number;
  /** Every function's /metrics scraped at this interval during the run, as Prometheus would (telemetry-cost.ts). */
  scrapeSeconds?: number;
};

/**
 * One distributed run: a fresh database and bucket, every function its own process (e2e/src/national/
 * mesh.ts, each with the V8 limits of its container), the month uploaded, every batch waited for and
 * checked against the manifest, then each process's CPU and peak memory and each function's activity.
 */
export async function runDistributed(o: RunOptions): Promise<RunResult> {
  const dispatch = createDispatchStats();
  const mesh = await startNationalMesh(`bench_${o.run}`, o.env ?? {}, { functionRole: o.functionRole, observer: dispatch.observer });
  try {
    const sampler = createSampler();
    const exits: string[] = [];
    for (const [name, p] of mesh.procs) {
      sampler.process(name, p.child.pid!);
      // A function that dies mid-run (killed from outside: the machine is shared) must stop the run, not stall it.
      p.child.once("exit", (code, signal) => exits.push(`${name} exited (${signal ?? `code ${code}`})`));
    }
    const notes = followSharedServers(sampler, new URL(mesh.env.DATABASE_URL!).pathname.slice(1));
    const intakeUrl = mesh.procs.get("intake")!.url;
    // The test issuer's tokens last 10 minutes by default: a 400k run on a loaded machine takes longer.
    const adminToken = await mesh.issuer.token({ roles: ["admin", "ministry"], expiresIn: "12h" });
    const startCpu = new Map([...mesh.procs].map(([name, p]) => [name, cpuSeconds(p.child.pid!)]));
    const sessions0 = await databaseSessions(mesh.pool);
    const benchCpu0 = process.cpuUsage();
    sampler.start();
    const scraper = o.scrapeSeconds ? startScraper([...mesh.procs.values()].map((p) => p.url), o.scrapeSeconds) : undefined;
    const t0 = Date.now();
    const uploaded = await uploadMonth(
      { intakeUrl, adminToken, hospitalToken: (hospital) => mesh.issuer.token({ roles: ["hospital"], hospital, expiresIn: "1h" }), sftpLocalDir: process.env.SFTP_LOCAL_DIR && join(process.env.SFTP_LOCAL_DIR, mesh.env.S3_BUCKET!) },
      o.dir, o.manifest.files, { concurrency: o.concurrency, sftpFiles: o.sftpFiles, paceClaimsPerSecond: o.paceClaimsPerSecond },
    );
    const uploadSeconds = (Date.now() - t0) / 1000;
    const { statuses, problems } = await waitAndCheck(intakeUrl, adminToken, uploaded, { timeoutMs: o.timeoutMs, total: o.manifest.totals.rows, dead: () => exits.join(", ") || undefined });
    const usage = sampler.stop();
    const scraped = scraper?.stop();
    const benchCpu = process.cpuUsage(benchCpu0);
    // Counted before this process's own queries below; the functions' pools are still open.
    const sessions = (await databaseSessions(mesh.pool)) - sessions0;
    const { lastCompletedAt } = await batchSpan(mesh.pool, uploaded.map((u) => u.batchId));
    const activity = await functionActivity(mesh.pool, new Date(t0));
    const functions: FunctionRow[] = [
      { name: "intake", events: uploaded.length, rows: o.manifest.totals.rows, activeSeconds: uploadSeconds, doneAtSeconds: uploadSeconds },
      ...activity.map((a) => ({ name: a.name, events: a.events, rows: a.rows, activeSeconds: (a.lastAt.getTime() - a.firstAt.getTime()) / 1000, doneAtSeconds: (a.lastAt.getTime() - t0) / 1000 })),
    ];
    const processes = [
      ...[...mesh.procs].map(([name, p]) => ({ name, cpuSeconds: usage.get(name)!.cpuSeconds, peakRssMiB: peakRssMiB(p.child.pid!), readyMs: mesh.readyMs.get(name), startCpuSeconds: startCpu.get(name) })),
      { name: "bench (broker, uploads)", cpuSeconds: (benchCpu.user + benchCpu.system) / 1e6, peakRssMiB: process.resourceUsage().maxRSS / 1024, note: "the Kafka broker's ingress and dispatchers run here" },
      ...[...notes].map(([name, note]) => ({ name, ...usage.get(name)!, note })),
    ];
    const settled = [...statuses.values()].reduce((n, s) => n + settledTotal(s.counts), 0);
    const audited = await mesh.pool.query<{ n: number }>("select count(*)::int as n from audit_record");
    return {
      mode: "distributed", run: o.run, claims: o.manifest.totals.rows, settled, uploadSeconds, auditRecords: audited.rows[0].n,
      endToEndSeconds: (lastCompletedAt.getTime() - t0) / 1000, functions, processes, loadAverage: loadavg(), problems, dispatch: dispatch.summary(),
      ...(scraped ? { scrapes: scraped } : {}), databaseSessions: sessions,
    };
  } finally {
    await mesh.close();
  }
}

/** Sessions ever opened on the pool's database (PostgreSQL 14+), read from the cumulative statistics. */
async function databaseSessions(pool: pg.Pool): Promise<number> {
  // The statistics a backend reports reach the view at its next report (up to 1 s late); a stale
  // snapshot inside this session is cleared first.
  const { rows } = await pool.query<{ n: string }>("select pg_stat_clear_snapshot(), (select sessions from pg_stat_database where datname = current_database())::text as n");
  return Number(rows[0]?.n ?? 0);
}
