/**
 * Peak resident memory of the intake process in distributed mode (PostgreSQL + S3), for a 100k and
 * a 1M-claim CSV upload: each size gets a fresh intake process, started as Knative would start it
 * (`casemix function intake`), and its VmHWM is read from /proc after the upload returns. Intake
 * streams (request -> S3 multipart, S3 -> parser -> 10k-claim chunks), so the two peaks should be
 * close. Events go to a stub broker that accepts them (validate and dedupe are not measured here).
 *
 *   source scripts/services-env.sh && npx node functions/intake/bench/rss-distributed.ts [100000,1000000]
 */
import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestIssuer } from "@casemix/auth";
import { serveApp } from "@casemix/runtime";
import { Hono } from "hono";
import { dropStores, freePort, freshStores, hasServices, startFunction, stopFunction } from "../../../e2e/src/intake-distributed-harness.ts";
import { writeGeneratedFile } from "./generated-file.ts";

const sizes = (process.argv[2] ?? "100000,1000000").split(",").map(Number);
if (!hasServices) {
  console.error("set DATABASE_URL, KAFKA_BROKERS and S3_* (source scripts/services-env.sh)");
  process.exit(2);
}
const dir = await mkdtemp(join(tmpdir(), "casemix-intake-rss-"));
const issuer = await startTestIssuer();
let accepted = 0;
const stub = new Hono().post("/", (c) => (accepted++, c.body(null, 202)));
const sink = await serveApp(stub);
const results: Record<string, unknown>[] = [];
try {
  for (const [i, claims] of sizes.entries()) {
    const file = join(dir, `claims-${claims}.csv`);
    const bytes = await writeGeneratedFile(file, claims, 7);
    const stores = await freshStores(`intake_rss_${i}`);
    const intake = await startFunction("intake", await freePort(), {
      ...stores, K_SINK: sink.url, OIDC_ISSUER: issuer.issuer, OIDC_JWKS_URL: issuer.jwksUrl, PATIENT_PSEUDONYM_KEY: "rss-bench-key-".repeat(4), RAW_MASTER_KEYS: "mk_test=AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=", WEBHOOK_MASTER_KEYS: "mk_test=AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=",
    });
    const idleRss = intake.peakRssMiB();
    const token = await issuer.token({ roles: ["hospital"], hospital: "H10-DEC915" });
    const t0 = performance.now();
    const res = await fetch(`${intake.url}/v1/batches?fileName=claims.csv`, {
      method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" }, body: createReadStream(file) as never, duplex: "half",
    } as RequestInit);
    const body = (await res.json()) as { rows?: number; chunks?: number; error?: unknown };
    const seconds = (performance.now() - t0) / 1000;
    results.push({ claims, fileMiB: +(bytes / 2 ** 20).toFixed(1), status: res.status, rows: body.rows, chunks: body.chunks, seconds: +seconds.toFixed(1), claimsPerSecond: Math.round(claims / seconds), idleRssMiB: idleRss, peakRssMiB: intake.peakRssMiB() });
    await stopFunction(intake);
    await dropStores(stores);
  }
  console.log(JSON.stringify(results, null, 2));
  const [a, b] = results.map((r) => r.peakRssMiB as number);
  if (b !== undefined) console.log(`peak RSS ${a} MiB and ${b} MiB: difference ${Math.abs(b - a)} MiB (target: both <= 256, difference <= 32)`);
} finally {
  await sink.close();
  await issuer.close();
  await rm(dir, { recursive: true, force: true });
}
