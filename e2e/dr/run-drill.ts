import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { KafkaBus } from "@casemix/bus";
import type { FileEntry, Manifest } from "@casemix/generator";
import { post, type Uploaded } from "../bench/upload.ts";
import { settledTotal, waitAndCheck } from "../bench/wait-batches.ts";
import { startHeartbeat, restoredPoint } from "./heartbeat.ts";
import { drillInfra } from "./infra.ts";

export type DrillOptions = {
  dir: string;
  manifest: Manifest;
  /** Share of the claims sent after the base backup (the load that flows while the cluster dies). */
  tail: number;
  /** The crash comes when this share of the tail's claims has settled. */
  crashAt: number;
  archiveTimeoutS: number;
  timeoutMs: number;
};

export type DrillReport = {
  claims: number;
  beforeBackup: number;
  backupSeconds: number;
  rpoSeconds: number;
  rtoSeconds: number;
  restoreSeconds: number;
  rewound: number;
  retakenBatches: number;
  retakenClaims: number;
  lostClaims: number;
  problems: string[];
};

/** Events delivered this long before the restored point may have committed their effects after it. */
const REWIND_MARGIN_MS = 300_000;

const sumRows = (files: readonly FileEntry[]) => files.reduce((n, f) => n + f.rows, 0);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The disaster-recovery drill (e2e/dr/README.md): the mesh on a PostgreSQL cluster of its own,
 * archiving WAL through pgBackRest to S3 over TLS; most of the month in, a full backup, the rest of
 * the month flowing when the cluster is killed and its folder deleted; restore to the latest point;
 * the consumer groups rewound, lost batches taken again under their Idempotency-Key; every claim
 * checked against the manifest.
 */
export async function runDrill(o: DrillOptions): Promise<DrillReport> {
  const harness = await import("../src/intake-distributed-harness.ts");
  const infra = drillInfra({ dir: join(tmpdir(), `casemix-dr-${process.pid}`), pgPort: await harness.freePort(), s3Port: await harness.freePort(), archiveTimeoutS: o.archiveTimeoutS });
  await infra.step("up");
  // The harness reads DATABASE_URL when it is loaded: the mesh's database goes on the drill's cluster.
  const sharedDatabase = process.env.DATABASE_URL;
  process.env.DATABASE_URL = infra.databaseUrl;
  harness.services.DATABASE_URL = infra.databaseUrl;
  const { startNationalMesh } = await import("../src/national/mesh.ts");
  const mesh = await startNationalMesh("drill");
  try {
    return await drill(o, mesh, infra);
  } finally {
    await mesh.close().catch((e) => console.error(`mesh close: ${(e as Error).message}`));
    harness.services.DATABASE_URL = sharedDatabase;
    process.env.DATABASE_URL = sharedDatabase;
    await infra.step("down").catch((e) => console.error((e as Error).message));
  }
}

type Mesh = Awaited<ReturnType<typeof import("../src/national/mesh.ts").startNationalMesh>>;

async function drill(o: DrillOptions, mesh: Mesh, infra: ReturnType<typeof drillInfra>): Promise<DrillReport> {
  const intakeUrl = mesh.procs.get("intake")!.url;
  const admin = await mesh.issuer.token({ roles: ["admin", "ministry"], expiresIn: "12h" });
  const tokens = new Map<string, string>();
  const tokenOf = async (hospital: string) => tokens.get(hospital) ?? tokens.set(hospital, await mesh.issuer.token({ roles: ["hospital"], hospital, expiresIn: "12h" })).get(hospital)!;
  // Every file goes in with an Idempotency-Key: sent again after the restore, it names the same batch.
  const send = async (file: FileEntry) => {
    const hospital = file.name.replace(/\.csv$/, "");
    const res = await post(`${intakeUrl}/v1/batches?hospital=${hospital}&fileName=${file.name}`, await readFile(join(o.dir, file.name)), {
      authorization: `Bearer ${await tokenOf(hospital)}`, "content-type": "text/csv", "idempotency-key": `drill-${file.name}`,
    });
    const body = JSON.parse(res.body) as { batchId?: string };
    if ((res.status !== 202 && res.status !== 200) || !body.batchId) throw new Error(`${file.name}: ${res.status} ${res.body.slice(0, 300)}`);
    return { status: res.status, uploaded: { file, batchId: body.batchId, channel: "rest" as const } };
  };
  const total = o.manifest.totals.rows;
  // Whole files before the backup up to (1 - tail) of the claims; at least one file on each side.
  const head: FileEntry[] = [];
  for (const f of o.manifest.files) if (head.length === 0 || sumRows([...head, f]) <= total * (1 - o.tail)) head.push(f);
  if (head.length === o.manifest.files.length) head.pop();
  const headRows = sumRows(head);
  const tailFiles = o.manifest.files.filter((f) => !head.includes(f));

  console.log(`drill: ${total} claims in ${o.manifest.files.length} files; ${headRows} before the backup, ${total - headRows} after`);
  const headUploaded: Uploaded[] = [];
  for (const f of head) headUploaded.push((await send(f)).uploaded);
  await waitAndCheck(intakeUrl, admin, headUploaded, { timeoutMs: o.timeoutMs, total: headRows });
  const heartbeat = startHeartbeat(mesh.env.DATABASE_URL!);
  await sleep(500);
  const backupStarted = new Date();
  const backupSeconds = await infra.step("backup");
  console.log(`drill: full backup of a database holding ${headRows} claims in ${backupSeconds.toFixed(1)} s`);

  // The tail flows; the crash comes when `crashAt` of its claims have settled.
  const tailUploads = tailFiles.map((f) => send(f).then((r) => r.uploaded, (e: Error) => (console.log(`drill: upload cut short: ${e.message}`), undefined)));
  const tailRows = total - headRows;
  const settledBefore = new Map<string, number>();
  const ids = new Map<string, string>();
  tailUploads.forEach((p) => void p.then((u) => u && ids.set(u.file.name, u.batchId)));
  for (const deadline = Date.now() + o.timeoutMs; ; ) {
    for (const [name, id] of ids) settledBefore.set(name, await settledOf(intakeUrl, admin, id) ?? settledBefore.get(name) ?? 0);
    const settled = [...settledBefore.values()].reduce((a, b) => a + b, 0);
    if (settled >= tailRows * o.crashAt) break;
    if (Date.now() > deadline) throw new Error(`the tail did not reach ${o.crashAt} settled before the timeout`);
    await sleep(500);
  }
  const lastCommitted = heartbeat.lastCommitted()!;
  const crashedAt = Date.now();
  await infra.step("crash");
  await heartbeat.stop();
  console.log(`drill: cluster destroyed with ${[...settledBefore.values()].reduce((a, b) => a + b, 0)} of the tail's ${tailRows} claims settled`);

  const restoreSeconds = await infra.step("restore");
  const anyHeadBatch = headUploaded[0].batchId;
  while ((await fetch(`${intakeUrl}/v1/batches/${anyHeadBatch}`, { headers: { authorization: `Bearer ${admin}` } }).catch(() => undefined))?.status !== 200) await sleep(100);
  const rtoSeconds = (Date.now() - crashedAt) / 1000;
  const restored = await restoredPoint(mesh.env.DATABASE_URL!);
  const rpoSeconds = (lastCommitted.getTime() - restored.getTime()) / 1000;
  console.log(`drill: restored to ${restored.toISOString()}; RPO ${rpoSeconds.toFixed(1)} s, RTO ${rtoSeconds.toFixed(1)} s (restore ${restoreSeconds.toFixed(1)} s)`);

  let lostClaims = 0;
  for (const [name, id] of ids) lostClaims += Math.max(0, (settledBefore.get(name) ?? 0) - ((await settledOf(intakeUrl, admin, id)) ?? 0));
  const rewindTo = new Date(Math.max(backupStarted.getTime(), restored.getTime() - REWIND_MARGIN_MS));
  const moved = await (mesh.broker.bus as KafkaBus).rewind(rewindTo);
  const rewound = moved.reduce((n, g) => n + g.records, 0);
  await Promise.all(tailUploads);
  // Sent again, a batch received whole answers 200; one the restore lost, or cut short, is taken again (202).
  const all: Uploaded[] = [];
  let retakenBatches = 0;
  let retakenClaims = 0;
  for (const f of o.manifest.files) {
    const r = await retry(() => send(f));
    all.push(r.uploaded);
    if (r.status === 202) (retakenBatches++, (retakenClaims += f.rows));
  }
  console.log(`drill: ${rewound} records delivered again from ${rewindTo.toISOString()}; ${retakenBatches} batches (${retakenClaims} claims) taken again; ${lostClaims} settled claims lost by the restore`);
  const { problems } = await waitAndCheck(intakeUrl, admin, all, { timeoutMs: o.timeoutMs, total });
  return { claims: total, beforeBackup: headRows, backupSeconds, rpoSeconds, rtoSeconds, restoreSeconds, rewound, retakenBatches, retakenClaims, lostClaims, problems };
}

async function settledOf(intakeUrl: string, token: string, batchId: string): Promise<number | undefined> {
  const res = await fetch(`${intakeUrl}/v1/batches/${batchId}`, { headers: { authorization: `Bearer ${token}` } }).catch(() => undefined);
  if (!res?.ok) return undefined;
  return settledTotal(((await res.json()) as { counts: Record<string, number> }).counts);
}

/** Intake may still be reconnecting to the restored database: a refused POST is sent again. */
async function retry<T>(f: () => Promise<T>, attempts = 30): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await f();
    } catch (error) {
      if (i >= attempts) throw error;
      await sleep(1000);
    }
  }
}
