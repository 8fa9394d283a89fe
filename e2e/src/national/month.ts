import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { generateBatch, type Manifest } from "@casemix/generator";
import type { MeshView } from "./mesh.ts";
import { submitFile, terminalCounts, waitCompleted } from "./national-flow.ts";

/**
 * The size of the national tests: NATIONAL_CLAIMS (CI default 20,000; 100,000 did not fit the CI
 * budget on the shared 2-core machine, see e2e/README.md) from NATIONAL_HOSPITALS files (default
 * 10); NATIONAL_TIMEOUT_MS bounds the wait for every batch to complete.
 */
export const CLAIMS = Number(process.env.NATIONAL_CLAIMS ?? 20_000);
export const HOSPITALS = Number(process.env.NATIONAL_HOSPITALS ?? 10);
export const PERIOD = "2026-09";
export const TIMEOUT_MS = Number(process.env.NATIONAL_TIMEOUT_MS ?? 600_000);
const hasSftp = Boolean(process.env.SFTP_LOCAL_DIR && process.env.SFTP_HOST);

const dirs: string[] = [];

/** Generates the month's files into a temporary folder (removed by `removeGenerated`). */
export async function generate(seed: number): Promise<{ dir: string; manifest: Manifest }> {
  const dir = await mkdtemp(join(tmpdir(), "national-"));
  dirs.push(dir);
  const r = await generateBatch({ claims: CLAIMS, period: PERIOD, hospitals: HOSPITALS, seed, out: dir } as never);
  if (!r.ok) throw new Error(r.error.message);
  return { dir, manifest: r.manifest };
}

export async function removeGenerated(): Promise<void> {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
}

/**
 * Submits every file (the last one as an SFTP drop when the SFTP server is there), runs `fault`
 * meanwhile, waits for every batch to complete and checks each file's and the month's terminal
 * counts against the manifest. Returns the seconds from the first upload to the last completion.
 */
export async function runMonth(m: MeshView, dir: string, manifest: Manifest, fault?: () => Promise<void>): Promise<number> {
  const started = performance.now();
  const files = [...manifest.files];
  const sftpFile = hasSftp ? files.pop() : undefined;
  const ids: string[] = [];
  const faultDone = fault?.();
  // A fault that throws fails the test at once rather than after every batch timed out.
  let faultError: unknown;
  faultDone?.catch((e) => (faultError = e));
  for (const f of files) ids.push(await submitFile(m, dir, f, f.name.replace(/\.csv$/, "")));
  if (sftpFile) {
    const local = join(process.env.SFTP_LOCAL_DIR!, m.env.S3_BUCKET!);
    await mkdir(local, { recursive: true });
    if (process.getuid?.() === 0) execFileSync("chown", [process.env.SFTP_USER ?? "casemix-sftp", local]);
    await writeFile(join(local, `${sftpFile.name.replace(/\.csv$/, "")}_claims.csv`), await readFile(join(dir, sftpFile.name)));
    const admin = await m.issuer.token({ roles: ["admin"] });
    const report = (await (await fetch(`${m.procs.get("intake")!.url}/v1/sftp/pull`, { method: "POST", headers: { authorization: `Bearer ${admin}` } })).json()) as { outcomes: { status: string; batchId: string }[] };
    expect(report.outcomes).toHaveLength(1);
    ids.push(report.outcomes[0].batchId);
    await rm(local, { recursive: true, force: true });
  }
  if (faultError) throw faultError;
  await faultDone;
  const statuses = await waitCompleted(m, ids, TIMEOUT_MS);
  const seconds = (performance.now() - started) / 1000;
  console.log(`${CLAIMS} claims from ${manifest.files.length} files completed in ${seconds.toFixed(1)} s (${(CLAIMS / seconds).toFixed(0)} claims/s)`);
  const allFiles = [...files, ...(sftpFile ? [sftpFile] : [])];
  allFiles.forEach((f, i) => expect(terminalCounts(statuses.get(ids[i])!.counts), f.name).toEqual(f.states));
  const total: Record<string, number> = {};
  for (const s of statuses.values()) for (const [k, v] of Object.entries(terminalCounts(s.counts))) total[k] = (total[k] ?? 0) + v;
  expect(total).toEqual(manifest.totals.states);
  return seconds;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
