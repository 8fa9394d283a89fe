import { execFileSync } from "node:child_process";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { join } from "node:path";
import type { FileEntry } from "@casemix/generator";

export type UploadTarget = {
  /** intake's base URL. */
  intakeUrl: string;
  /** A bearer token for a hospital (what a hospital's system would hold). */
  hospitalToken(hospital: string): Promise<string>;
  adminToken: string;
  /** The SFTP drop folder intake pulls from, as this machine sees it; none: every file over REST. */
  sftpLocalDir?: string;
};

export type Uploaded = { file: FileEntry; batchId: string; channel: "rest" | "sftp" };

const hospitalOf = (file: FileEntry) => file.name.replace(/\.csv$/, "");

/** POSTs one generated per-hospital file to intake's `POST /v1/batches` as that hospital. */
async function postFile(t: UploadTarget, dir: string, file: FileEntry): Promise<string> {
  const hospital = hospitalOf(file);
  const bytes = await readFile(join(dir, file.name));
  const res = await post(`${t.intakeUrl}/v1/batches?hospital=${hospital}&fileName=${file.name}`, bytes, {
    authorization: `Bearer ${await t.hospitalToken(hospital)}`, "content-type": "text/csv",
  });
  const body = JSON.parse(res.body) as { batchId?: string };
  if (res.status !== 202 || !body.batchId) throw new Error(`${file.name} refused: ${res.status} ${res.body}`);
  return body.batchId;
}

/**
 * One POST on a connection of its own. fetch keeps connections alive, and under load a request sent
 * on a pooled connection just as the server's keep-alive timeout closed it ended in ECONNRESET (seen in
 * a 400k run); a POST that creates a batch cannot simply be retried, so none is sent on a reused socket.
 */
export function post(url: string, body: Buffer, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", agent: false, headers: { ...headers, "content-length": String(body.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Drops the files in the SFTP folder (as `<hospital>_claims.csv`) and has intake pull them once. */
async function dropAndPull(t: UploadTarget, dir: string, files: FileEntry[]): Promise<Uploaded[]> {
  const local = t.sftpLocalDir!;
  await mkdir(local, { recursive: true });
  // The SFTP user must be able to move pulled files out of its folder.
  if (process.getuid?.() === 0) execFileSync("chown", [process.env.SFTP_USER ?? "casemix-sftp", local]);
  for (const f of files) await writeFile(join(local, `${hospitalOf(f)}_claims.csv`), await readFile(join(dir, f.name)));
  const res = await fetch(`${t.intakeUrl}/v1/sftp/pull`, { method: "POST", headers: { authorization: `Bearer ${t.adminToken}` } });
  const report = (await res.json()) as { outcomes?: { status: string; batchId?: string; file: string }[] };
  const outcomes = report.outcomes ?? [];
  if (!res.ok || outcomes.length !== files.length) throw new Error(`SFTP pull answered ${res.status}: ${JSON.stringify(report).slice(0, 500)}`);
  await rm(local, { recursive: true, force: true });
  return files.map((file) => {
    const o = outcomes.find((x) => x.file === `${hospitalOf(file)}_claims.csv`);
    if (!o?.batchId) throw new Error(`SFTP pull left ${file.name} without a batch: ${JSON.stringify(outcomes)}`);
    return { file, batchId: o.batchId, channel: "sftp" as const };
  });
}

/**
 * Submits a generated month the way hospitals would: `sftpFiles` of the files as SFTP drops (pulled by
 * intake, as its schedule would), the rest over REST, `concurrency` uploads at a time (or paced: files
 * started at `paceClaimsPerSecond`). Returns each
 * file's batch, in the manifest's order.
 */
export async function uploadMonth(t: UploadTarget, dir: string, files: FileEntry[], o: { concurrency: number; sftpFiles: number; paceClaimsPerSecond?: number }): Promise<Uploaded[]> {
  const viaSftp = t.sftpLocalDir ? files.slice(files.length - o.sftpFiles) : [];
  const viaRest = files.slice(0, files.length - viaSftp.length);
  const out = new Map<string, Uploaded>();
  let next = 0;
  // Paced: file i starts once the claims of the files before it are due at the given rate, so the mesh
  // gets a steady flow (a hospital system sending on a schedule) rather than everything at once.
  const t0 = Date.now();
  let claimsBefore = 0;
  const worker = async () => {
    while (next < viaRest.length) {
      const file = viaRest[next++];
      if (o.paceClaimsPerSecond) {
        const due = t0 + (claimsBefore / o.paceClaimsPerSecond) * 1000;
        claimsBefore += file.rows;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      }
      out.set(file.name, { file, batchId: await postFile(t, dir, file), channel: "rest" });
    }
  };
  const sftp = viaSftp.length > 0 ? dropAndPull(t, dir, viaSftp) : Promise.resolve([]);
  await Promise.all([...Array.from({ length: Math.max(1, o.concurrency) }, worker), sftp.then((u) => u.forEach((x) => out.set(x.file.name, x)))]);
  return files.map((f) => out.get(f.name)!);
}
