/**
 * Latency of the synchronous grouping endpoint (POST /v1/group), open loop (issue 3 acceptance):
 * a fixed rate (default 200 requests/s for 60 s), every request authenticated with a bearer token,
 * over the 3,000 distinct claims of ../shared/data/chs-drg-1.1/conformance/cases.csv grouped with the
 * CHS-DRG 1.1 definition imported and published through @casemix/config. Latency is measured from each
 * request's INTENDED send time (t0 + i / rate), so a server that falls behind is charged for the queue
 * (no coordinated omission). Every answer's DRG is checked against the reference.
 *
 * Run pinned: the load generator on core 0, the server on core 1 (it is spawned with `taskset -c 1`):
 *   taskset -c 0 npx node functions/group/bench/latency.ts [--rate 200] [--seconds 60] [--postgres]
 * --postgres uses a throwaway database `casemix_group_bench_<pid>` on the PostgreSQL server of
 * --postgres-url (default postgres://postgres@127.0.0.1:5432/postgres) instead of an embedded PGlite folder.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { startTestIssuer } from "@casemix/auth";
import { chsDrgDir, hasSharedData, readConformanceCases } from "@casemix/chs-drg";

const { values } = parseArgs({
  options: {
    rate: { type: "string", default: "200" },
    seconds: { type: "string", default: "60" },
    warmup: { type: "string", default: "5" },
    postgres: { type: "boolean", default: false },
    /** The server to use; the bench creates (and afterwards drops) its own database there, never touching others'. */
    "postgres-url": { type: "string", default: "postgres://postgres@127.0.0.1:5432/postgres" },
    /** Extra node flags for the server (e.g. "--trace-gc") and a file that receives its stdout. */
    "server-flags": { type: "string" },
    "server-log": { type: "string" },
  },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const warmupSeconds = Number(values.warmup);
if (!hasSharedData) {
  console.error(`latency bench: needs ${chsDrgDir} (the reference data beside the checkout)`);
  process.exit(2);
}

const DISCHARGE_DATE = "2027-01-15"; // cases.csv has no dates; CHS-DRG 1.1 is in force from 2021-05-01, open-ended

async function prepareDatabase(): Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "casemix-group-bench-"));
  const prepare = (args: string[]) => execFileSync(process.execPath, [join(import.meta.dirname, "prepare.ts"), ...args], { stdio: ["ignore", "ignore", "inherit"] });
  if (!values.postgres) {
    prepare(["--pglite", dir]);
    return { env: { PGLITE_DATA_DIR: dir }, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `casemix_group_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: values["postgres-url"] });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(values["postgres-url"]);
  url.pathname = `/${name}`;
  prepare(["--postgres", url.href]);
  return {
    env: { DATABASE_URL: url.href },
    cleanup: async () => {
      const c = new pg.Client({ connectionString: values["postgres-url"] });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn("taskset", ["-c", "1", process.execPath, ...(values["server-flags"] ? values["server-flags"].split(" ") : []), join(import.meta.dirname, "server.ts")], {
    env: { ...process.env, ...env, PORT: "0", LOG_LEVEL: "warn", OBJECTS_DIR: join(tmpdir(), "casemix-group-bench-objects") },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let buf = "";
    child.stdout!.on("data", (d: Buffer) => {
      if (values["server-log"]) appendFileSync(values["server-log"], d);
      buf += d.toString();
      const m = /READY (\d+)/.exec(buf);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
}

const peakRssMiB = (pid: number | "self") => {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
};

const issuer = await startTestIssuer();
const { env, cleanup } = await prepareDatabase();
const { child, port } = await startServer({ ...env, OIDC_ISSUER: issuer.issuer, OIDC_JWKS_URL: issuer.jwksUrl, OIDC_AUDIENCE: issuer.audience });
const token = await issuer.token({ sub: "coder-1", roles: ["hospital"], hospital: "HKL", expiresIn: "30m" });
const cases = readConformanceCases();
const bodies = cases.map((c) => Buffer.from(JSON.stringify({ dischargeDate: DISCHARGE_DATE, claim: c.claim })));
const agent = new Agent({ keepAlive: true, maxSockets: 512 });

type Outcome = { status: number; drg?: string };
function send(i: number): Promise<Outcome> {
  const body = bodies[i % bodies.length];
  return new Promise((resolve) => {
    const req = request(
      { host: "127.0.0.1", port, path: "/v1/group", method: "POST", agent, headers: { "content-type": "application/json", "content-length": body.length, authorization: `Bearer ${token}` } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (d: Buffer) => chunks.push(d));
        res.on("end", () => {
          let drg: string | undefined;
          try {
            drg = (JSON.parse(Buffer.concat(chunks).toString()) as { result?: { drg?: string } }).result?.drg;
          } catch {}
          resolve({ status: res.statusCode ?? 0, drg });
        });
      },
    );
    req.on("error", () => resolve({ status: 0 }));
    req.end(body);
  });
}

/** Sends `total` requests at `rate`/s, open loop; returns latencies (ms from intended send) and outcomes. */
async function openLoop(total: number, offset: number): Promise<{ latencies: Float64Array; outcomes: Outcome[]; wallMs: number }> {
  const latencies = new Float64Array(total);
  const outcomes = new Array<Outcome>(total);
  const interval = 1000 / rate;
  const t0 = performance.now() + 20;
  const pending: Promise<void>[] = [];
  let next = 0;
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      while (next < total && t0 + next * interval <= now) {
        const i = next++;
        const intended = t0 + i * interval;
        pending.push(send(offset + i).then((o) => void ((latencies[i] = performance.now() - intended), (outcomes[i] = o))));
      }
      if (next >= total) return done();
      setTimeout(tick, Math.max(0, t0 + next * interval - performance.now()));
    };
    setTimeout(tick, 20);
  });
  await Promise.all(pending);
  return { latencies, outcomes, wallMs: performance.now() - t0 };
}

const pct = (sorted: Float64Array, p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

try {
  const firstStart = performance.now();
  const first = await send(0);
  const firstMs = performance.now() - firstStart;
  if (first.status !== 200) throw new Error(`first request answered ${first.status}`);
  await openLoop(Math.round(rate * warmupSeconds), 1); // JIT warm-up, not counted
  const total = Math.round(rate * seconds);
  const { latencies, outcomes, wallMs } = await openLoop(total, 0);
  const sorted = Float64Array.from(latencies).sort();
  const failed = outcomes.filter((o) => o.status !== 200).length;
  const wrong = outcomes.filter((o, i) => o.status === 200 && o.drg !== cases[i % cases.length].expected.drg).length;
  const f = (x: number) => x.toFixed(2).padStart(8);
  console.log(`POST /v1/group, open loop, ${rate} req/s for ${seconds} s (${total} requests over ${cases.length} distinct claims, bearer-authenticated)`);
  console.log(`database: ${values.postgres ? "PostgreSQL" : "PGlite (embedded)"}; definition CHS-DRG 1.1 from config_version; load generator on core 0, server on core 1`);
  console.log(`machine load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(" ")} (2 cores shared with other jobs)`);
  console.log(`first request (loads and compiles the definition): ${firstMs.toFixed(0)} ms; warm-up ${warmupSeconds} s not counted`);
  console.log(`latency from intended send time (ms): p50 ${f(pct(sorted, 50))}  p95 ${f(pct(sorted, 95))}  p99 ${f(pct(sorted, 99))}  max ${f(sorted[sorted.length - 1])}`);
  console.log(`achieved ${(total / (wallMs / 1000)).toFixed(1)} req/s; non-200: ${failed}; DRG different from the reference: ${wrong}`);
  console.log(`peak RSS: server ${peakRssMiB(child.pid!)} MiB, load generator ${peakRssMiB("self")} MiB`);
  console.log(`target p95 <= 20 ms: ${pct(sorted, 95) <= 20 ? "met" : "NOT met"}`);
  process.exitCode = failed > 0 || wrong > 0 ? 1 : 0;
} finally {
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
  agent.destroy();
  await issuer.close();
  await cleanup();
}
