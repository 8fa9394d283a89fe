import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startTestIssuer } from "@casemix/auth";
import { createPgliteDb } from "@casemix/db";
import { freePort } from "../src/intake-distributed-harness.ts";
import { batchSpan, functionActivity } from "./function-stats.ts";
import { cpuSeconds, peakRssMiB } from "./proc-stats.ts";
import type { FunctionRow, RunResult } from "./report.ts";
import type { RunOptions } from "./run-distributed.ts";
import { createSampler } from "./sampler.ts";
import { startScraper } from "./scraper.ts";
import { uploadMonth } from "./upload.ts";
import { settledTotal, waitAndCheck } from "./wait-batches.ts";

const cli = fileURLToPath(new URL("../../shared/cli/bin/casemix.js", import.meta.url));

/**
 * One embedded run: `casemix start --no-sample` (every function in one process on PGlite in a fresh
 * folder, objects in a folder, the in-process bus) as a child process, so its CPU and memory are its
 * own; the month uploaded over REST (and SFTP when the server is there), every batch waited for and
 * checked; after it stops, its PGlite folder is opened here to read each function's activity.
 * Passed through to the mesh: PGLITE_THREAD, PGLITE_SETTINGS, and BENCH_NODE_ARGS as Node flags (e.g.
 * "--cpu-prof --cpu-prof-dir=/tmp/prof": a profile per thread, written when it stops). BENCH_TABLE_SIZES=1
 * prints the size of each table at the end.
 */
export async function runEmbedded(o: RunOptions): Promise<RunResult> {
  const dir = await mkdtemp(join(tmpdir(), "casemix-bench-embedded-"));
  const issuer = await startTestIssuer();
  const port = await freePort();
  const sftpSub = `bench-embedded-${process.pid}-${o.run}`;
  const hasSftp = Boolean(process.env.SFTP_LOCAL_DIR && process.env.SFTP_HOST);
  const spawnedAt = performance.now();
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, cli, "start", "--no-sample", "--port", String(port)], {
    env: {
      PATH: process.env.PATH, PGLITE_DATA_DIR: join(dir, "pglite"), PGLITE_THREAD: process.env.PGLITE_THREAD, PGLITE_SETTINGS: process.env.PGLITE_SETTINGS, PGLITE_TIMINGS_FILE: process.env.PGLITE_TIMINGS_FILE, STORAGE_DIR: join(dir, "objects"), LOG_LEVEL: "warn",
      OIDC_ISSUER: issuer.issuer, OIDC_JWKS_URL: issuer.jwksUrl, OIDC_AUDIENCE: issuer.audience,
      ...(hasSftp ? {
        SFTP_HOST: process.env.SFTP_HOST, SFTP_PORT: process.env.SFTP_PORT, SFTP_USER: process.env.SFTP_USER, SFTP_KEY_PATH: process.env.SFTP_KEY_PATH,
        SFTP_KNOWN_HOSTS: process.env.SFTP_KNOWN_HOSTS, SFTP_DIR: `${process.env.SFTP_DIR ?? "/upload"}/${sftpSub}`, SFTP_MIN_AGE_SECONDS: "0",
      } : {}),
      ...o.env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    const url = `http://127.0.0.1:${port}`;
    // A loaded shared machine can take over a minute to open PGlite and migrate: the run's own timeout bounds it.
    await waitReady(url, () => child.exitCode, Math.min(o.timeoutMs, 300_000));
    const readyMs = performance.now() - spawnedAt;
    const startCpuSeconds = cpuSeconds(child.pid!);
    const sampler = createSampler();
    sampler.process("embedded mesh", child.pid!);
    // The test issuer's tokens last 10 minutes by default: a 400k run on a loaded machine takes longer.
    const adminToken = await issuer.token({ roles: ["admin", "ministry"], expiresIn: "12h" });
    sampler.start();
    const scraper = o.scrapeSeconds ? startScraper([url], o.scrapeSeconds) : undefined;
    const t0 = Date.now();
    const uploaded = await uploadMonth(
      { intakeUrl: url, adminToken, hospitalToken: (hospital) => issuer.token({ roles: ["hospital"], hospital, expiresIn: "1h" }), sftpLocalDir: hasSftp ? join(process.env.SFTP_LOCAL_DIR!, sftpSub) : undefined },
      o.dir, o.manifest.files, { concurrency: o.concurrency, sftpFiles: o.sftpFiles, paceClaimsPerSecond: o.paceClaimsPerSecond },
    );
    const uploadSeconds = (Date.now() - t0) / 1000;
    const { statuses, problems } = await waitAndCheck(url, adminToken, uploaded, { timeoutMs: o.timeoutMs, total: o.manifest.totals.rows, dead: () => (child.exitCode !== null || child.signalCode !== null ? `the embedded mesh exited (${child.signalCode ?? `code ${child.exitCode}`})` : undefined) });
    const usage = sampler.stop().get("embedded mesh")!;
    const scraped = scraper?.stop();
    const peak = peakRssMiB(child.pid!);
    const load = loadavg();
    child.kill("SIGTERM");
    await exited;
    const db = await createPgliteDb({ dataDir: join(dir, "pglite") });
    try {
      if (process.env.BENCH_TABLE_SIZES) {
        // Sizes only: reltuples would be -1 here (the mesh never analyzes its tables).
        const { rows } = await db.query<{ name: string; mib: number; heap_mib: number }>(
          `select c.relname as name, round(pg_total_relation_size(c.oid) / 1048576.0, 1)::float as mib, round(pg_relation_size(c.oid) / 1048576.0, 1)::float as heap_mib
           from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r' order by pg_total_relation_size(c.oid) desc limit 15`);
        console.table(rows);
      }
      const { lastCompletedAt } = await batchSpan(db, uploaded.map((u) => u.batchId));
      const audited = await db.query<{ n: number }>("select count(*)::int as n from audit_record");
      const activity = await functionActivity(db, new Date(t0));
      const functions: FunctionRow[] = [
        { name: "intake", events: uploaded.length, rows: o.manifest.totals.rows, activeSeconds: uploadSeconds, doneAtSeconds: uploadSeconds },
        ...activity.map((a) => ({ name: a.name, events: a.events, rows: a.rows, activeSeconds: (a.lastAt.getTime() - a.firstAt.getTime()) / 1000, doneAtSeconds: (a.lastAt.getTime() - t0) / 1000 })),
      ];
      return {
        mode: "embedded", run: o.run, claims: o.manifest.totals.rows, settled: [...statuses.values()].reduce((n, s) => n + settledTotal(s.counts), 0),
        uploadSeconds, endToEndSeconds: (lastCompletedAt.getTime() - t0) / 1000, functions, auditRecords: audited.rows[0].n,
        processes: [{ name: "embedded mesh", cpuSeconds: usage.cpuSeconds, peakRssMiB: peak, readyMs, startCpuSeconds, note: "every function, PGlite and the bus in one process" }],
        loadAverage: load, problems, ...(scraped ? { scrapes: scraped } : {}),
      };
    } finally {
      await db.close();
    }
  } finally {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    await issuer.close();
    await rm(dir, { recursive: true, force: true });
    if (hasSftp) await rm(join(process.env.SFTP_LOCAL_DIR!, sftpSub), { recursive: true, force: true });
  }
}

async function waitReady(url: string, exitCode: () => number | null, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exitCode() !== null) throw new Error(`casemix start exited with ${exitCode()}`);
    if (await fetch(`${url}/readyz`).then((r) => r.ok, () => false)) return;
    if (Date.now() > deadline) throw new Error(`casemix start not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
