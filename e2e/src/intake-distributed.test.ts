import { mkdir, rm, writeFile } from "node:fs/promises";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipUnless } from "@casemix/testing";
import { startTestIssuer, type TestIssuer } from "@casemix/auth";
import { countBy, generateCsv, parseResultCsv, type GeneratedFile } from "./intake-flow-helpers.ts";
import { dropStores, freePort, freshStores, hasServices, startBroker, startFunction, stopFunction, type Broker, type FunctionProc } from "./intake-distributed-harness.ts";

/**
 * The intake acceptance flow in distributed mode: intake, validate and dedupe each in its own
 * process on PostgreSQL and S3, events over Kafka through a local broker, the second copy of the
 * file pulled from the real OpenSSH SFTP server. Needs `scripts/services-up.sh` and
 * `source scripts/services-env.sh` (npm run test:e2e does both).
 */
const HOSPITAL = "H10-DEC915";
const CLAIMS = Number(process.env.E2E_INTAKE_CLAIMS ?? 100_000);
const SFTP_LOCAL_DIR = process.env.SFTP_LOCAL_DIR;
const hasSftp = Boolean(SFTP_LOCAL_DIR && process.env.SFTP_HOST);

let issuer: TestIssuer;
let broker: Broker;
const procs: FunctionProc[] = [];
let intake: FunctionProc;
let file: GeneratedFile;
let token: string;
let stores: { DATABASE_URL: string; S3_BUCKET: string } | undefined;
const subdir = `e2e-dist-${process.pid}-${Date.now()}`;

beforeAll(async () => {
  if (!hasServices || !hasSftp) return;
  file = generateCsv({ seed: 42, count: CLAIMS, hospitalCode: HOSPITAL });
  issuer = await startTestIssuer();
  token = await issuer.token({ roles: ["hospital"], hospital: HOSPITAL });
  stores = await freshStores("intake_e2e");
  // The broker's ingress binds before the functions' ports are picked, so it cannot take one of them.
  broker = await startBroker("intake-e2e", {});
  const [p0, p1, p2] = [await freePort(), await freePort(), await freePort()];
  await broker.subscribe("validate", `http://127.0.0.1:${p1}`);
  await broker.subscribe("dedupe", `http://127.0.0.1:${p2}`);
  const env = {
    ...stores, K_SINK: broker.url, OIDC_ISSUER: issuer.issuer, OIDC_JWKS_URL: issuer.jwksUrl, PATIENT_PSEUDONYM_KEY: "distributed-e2e-key-".repeat(3), RAW_MASTER_KEYS: "mk_test=AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=", WEBHOOK_MASTER_KEYS: "mk_test=AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=",
    SFTP_HOST: process.env.SFTP_HOST, SFTP_PORT: process.env.SFTP_PORT, SFTP_USER: process.env.SFTP_USER, SFTP_KEY_PATH: process.env.SFTP_KEY_PATH,
    SFTP_KNOWN_HOSTS: process.env.SFTP_KNOWN_HOSTS, SFTP_DIR: `${process.env.SFTP_DIR ?? "/upload"}/${subdir}`, SFTP_MIN_AGE_SECONDS: "0",
  };
  intake = await startFunction("intake", p0, env);
  procs.push(intake, await startFunction("validate", p1, env), await startFunction("dedupe", p2, env));
});
afterAll(async () => {
  for (const p of procs) await stopFunction(p);
  await broker?.close();
  await issuer?.close();
  if (stores) await dropStores(stores);
  if (hasSftp) await rm(join(SFTP_LOCAL_DIR!, subdir), { recursive: true, force: true });
});

const get = async (path: string) => (await fetch(`${intake.url}${path}`, { headers: { authorization: `Bearer ${token}` } })).text();

/** Polls the batch status until no claim is left in `received`/`validated`-pending shape the test waits for. */
async function waitFor(batchId: string, done: (counts: Record<string, number>) => boolean, timeoutMs = 480_000): Promise<Record<string, number>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = JSON.parse(await get(`/v1/batches/${batchId}`)) as { counts: Record<string, number> };
    if (done(status.counts)) return status.counts;
    if (Date.now() > deadline) throw new Error(`batch ${batchId} stuck at ${JSON.stringify(status.counts)}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

describe(`intake, validate and dedupe distributed on Kafka, PostgreSQL and S3 (${CLAIMS} claims)`, skipUnless(hasServices && hasSftp, "no services or no SFTP server: start them (scripts/services-up.sh) and source scripts/services-env.sh"), () => {
  it("the REST copy is validated and de-duplicated with exact counts and the SFTP copy is recognised as duplicates", async () => {
    const invalid = CLAIMS - file.kinds.valid - (file.kinds["probable-duplicate"] ?? 0);
    const res = await fetch(`${intake.url}/v1/batches?fileName=claims.csv`, { method: "POST", body: new Uint8Array(file.bytes), headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" } });
    expect(res.status).toBe(202);
    const a = (await res.json()) as { batchId: string; rawSha256: string; chunks: number };
    expect(a.rawSha256).toBe(file.sha256);
    const counts = await waitFor(a.batchId, (c) => (c.validated ?? 0) + (c.rejected ?? 0) === CLAIMS && !c.received && (c.validated ?? 0) > 0);
    expect(counts).toEqual({ rejected: invalid, validated: CLAIMS - invalid });
    // dedupe has run when every valid row carries its claim id.
    const settled = async () => parseResultCsv(await get(`/v1/batches/${a.batchId}/result.csv`));
    let result = await settled();
    for (let i = 0; i < 240 && result.some((r) => r.state === "validated" && r.claim_id === ""); i++) {
      await new Promise((r) => setTimeout(r, 1000));
      result = await settled();
    }
    expect(countBy(result, (r) => r.state)).toEqual({ rejected: invalid, validated: CLAIMS - invalid });
    expect(result.filter((r) => r.flags.includes("W_PROBABLE_DUPLICATE")).length).toBe(file.kinds["probable-duplicate"]);

    const local = join(SFTP_LOCAL_DIR!, subdir);
    await mkdir(local, { recursive: true });
    if (process.getuid?.() === 0) execFileSync("chown", [process.env.SFTP_USER ?? "casemix-sftp", local]);
    await writeFile(join(local, `${HOSPITAL}_claims.csv`), file.bytes);
    const admin = await issuer.token({ roles: ["admin"] });
    const report = (await (await fetch(`${intake.url}/v1/sftp/pull`, { method: "POST", headers: { authorization: `Bearer ${admin}` } })).json()) as { outcomes: { status: string; batchId: string; rows: number }[]; error?: string };
    expect(report.error).toBeUndefined();
    expect(report.outcomes).toHaveLength(1);
    expect(report.outcomes[0]).toMatchObject({ status: "done", rows: CLAIMS });
    const b = report.outcomes[0].batchId;
    const status = JSON.parse(await get(`/v1/batches/${b}`)) as { rawSha256: string; channel: string };
    expect(status).toMatchObject({ rawSha256: file.sha256, channel: "sftp" });
    const counts2 = await waitFor(b, (c) => (c.duplicate ?? 0) + (c.rejected ?? 0) === CLAIMS);
    expect(counts2).toEqual({ rejected: invalid, duplicate: CLAIMS - invalid });
    console.log(`intake peak RSS in distributed mode after ${CLAIMS} claims twice: ${intake.peakRssMiB()} MiB`);
  });
});
