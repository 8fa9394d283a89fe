/**
 * Embedded throughput of intake + validate + dedupe on a generated claim file (default 1M claims):
 * the file is uploaded over HTTP to the embedded mesh (PGlite, a local folder, the in-process bus),
 * and the clock stops when every chunk has been validated and de-duplicated.
 *
 *   npx node functions/intake/bench/throughput.ts [claims=1000000]
 *
 * Prints claims/s for the upload (raw + landing chunks) and end to end, the process's peak RSS and the
 * peaks of the JS heap and of external / ArrayBuffer memory (sampled every 250 ms; PGlite's WASM memory,
 * at most 2 GiB, is in neither), the WAL written (walMiB) and every byte the process wrote to files
 * (writtenMiB, /proc/self/io wchar: WAL, data pages, objects, the CSV). BENCH_SQL_TIMINGS=1 adds the time
 * of each SQL statement. PGLITE_THREAD=main|worker chooses where PGlite runs (default worker, as the
 * embedded mesh); PGLITE_SETTINGS (e.g. "shared_buffers=1GB") goes over the embedded mesh's settings.
 */
import { createReadStream } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeGeneratedFile } from "./generated-file.ts";
import { createTokenVerifier, startTestIssuer } from "@casemix/auth";
import { BaseEnvSchema, createLogger, createPlatform, embeddedMeshEnv, parseEnv, serveApp, startEmbeddedMesh } from "@casemix/runtime";
import { createIntakeModule, loadIntakeEnv } from "../src/function.ts";
import validate from "../../validate/src/function.ts";
import dedupe from "../../dedupe/src/function.ts";

const claims = Number(process.argv[2] ?? 1_000_000);
const hospital = "H10-DEC915";

const dir = await mkdtemp(join(tmpdir(), "casemix-intake-bench-"));
try {
  const file = join(dir, "claims.csv");
  const bytes = await writeGeneratedFile(file, claims);
  const issuer = await startTestIssuer();
  const env = parseEnv(BaseEnvSchema, { PGLITE_DATA_DIR: join(dir, "pglite"), STORAGE_DIR: join(dir, "objects"), OIDC_ISSUER: issuer.issuer, OIDC_JWKS_URL: issuer.jwksUrl, LOG_LEVEL: "warn", PGLITE_THREAD: process.env.PGLITE_THREAD, PGLITE_SETTINGS: process.env.PGLITE_SETTINGS });
  const log = createLogger({ level: "warn" });
  const intake = createIntakeModule({ env: loadIntakeEnv({ PATIENT_PSEUDONYM_KEY: "bench-key-".repeat(4) }) });
  const platform = await createPlatform(embeddedMeshEnv(env), { send: async () => {}, log });
  const timings = new Map<string, [number, number]>();
  if (process.env.BENCH_SQL_TIMINGS) {
    const wrap = (q: { query: (sql: string, p?: readonly unknown[]) => Promise<unknown> }) => {
      const orig = q.query.bind(q);
      q.query = async (sql: string, p?: readonly unknown[]) => {
        const t = performance.now();
        try { return await orig(sql, p); } finally {
          const k = sql.replace(/\s+/g, " ").trim().slice(0, 60);
          const v = timings.get(k) ?? [0, 0]; v[0] += performance.now() - t; v[1]++; timings.set(k, v);
        }
      };
    };
    wrap(platform.db as never);
    const tx = platform.db.transaction.bind(platform.db);
    platform.db.transaction = ((fn: (q: unknown) => Promise<unknown>) => tx(async (q) => { wrap(q as never); return fn(q); })) as never;
  }
  const mesh = await startEmbeddedMesh({ modules: [intake, validate, dedupe], env, log, platform });
  mesh.platform.verifier = createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl });
  const server = await serveApp(mesh.app);
  const token = await issuer.token({ roles: ["hospital"], hospital });
  const peak = { heapUsedMiB: 0, externalMiB: 0, arrayBuffersMiB: 0 };
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peak.heapUsedMiB = Math.max(peak.heapUsedMiB, Math.round(m.heapUsed / 2 ** 20));
    peak.externalMiB = Math.max(peak.externalMiB, Math.round(m.external / 2 ** 20));
    peak.arrayBuffersMiB = Math.max(peak.arrayBuffersMiB, Math.round(m.arrayBuffers / 2 ** 20));
  }, 250);
  const t0 = performance.now();
  const res = await fetch(`${server.url}/v1/batches?fileName=claims.csv`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" },
    body: createReadStream(file) as never,
    duplex: "half",
  } as RequestInit);
  const accepted = (await res.json()) as { batchId: string; rows: number; chunks: number };
  const t1 = performance.now();
  await mesh.idle();
  const t2 = performance.now();
  clearInterval(sampler);
  const { rows } = await mesh.platform.db.query<{ state: string; n: number }>("SELECT state, count(*)::int AS n FROM claim_row WHERE batch_id = $1 GROUP BY state", [accepted.batchId]);
  const { rows: wal } = await mesh.platform.db.query<{ mib: number }>("SELECT (pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0') / 1048576)::int AS mib");
  const ioWritten = /wchar: (\d+)/.exec(await readFile("/proc/self/io", "utf8").catch(() => ""))?.[1];
  const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));
  console.log(JSON.stringify({
    claims, pgliteThread: env.PGLITE_THREAD, fileMiB: +(bytes / 2 ** 20).toFixed(1), chunks: accepted.chunks, states: Object.fromEntries(rows.map((r) => [r.state, Number(r.n)])),
    intakeSeconds: +((t1 - t0) / 1000).toFixed(1), intakeClaimsPerSecond: rate(claims, t1 - t0),
    endToEndSeconds: +((t2 - t0) / 1000).toFixed(1), intakeValidateDedupeClaimsPerSecond: rate(claims, t2 - t0),
    cpuSeconds: +((process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1e6).toFixed(1),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024), peakJs: peak,
    walMiB: Number(wal[0]?.mib), writtenMiB: ioWritten ? Math.round(Number(ioWritten) / 2 ** 20) : undefined,
  }, null, 2));
  if (process.env.BENCH_SQL_TIMINGS) for (const [k, [ms, n]] of [...timings].sort((a, b) => b[1][0] - a[1][0]).slice(0, 15)) console.log(ms.toFixed(0).padStart(7), "ms", String(n).padStart(5), k);
  await server.close();
  // The platform's PGlite and relay are closed by the mesh; wait out their last writes.
  await mesh.close();
  await issuer.close();
} finally {
  await rm(dir, { recursive: true, force: true });
}
