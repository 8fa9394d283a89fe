import type { SftpSession, RemoteFile } from "@casemix/sftp";
import { HospitalCodeSchema } from "@casemix/events";
import { ingestFile } from "./ingest.ts";
import { derivedBatchId } from "./ids.ts";
import type { FileFormat } from "@casemix/claims";
import type { IntakeDeps } from "./routes/context.ts";

export type PullOutcome = { file: string; batchId?: string; status: "done" | "failed" | "skipped"; rows?: number; code?: string };
export type PullReport = { outcomes: PullOutcome[]; error?: string };

export type PullOptions = {
  open: () => Promise<SftpSession>;
  /** A file younger than this may still be being written by the sender; it waits for the next poll. */
  minAgeMs?: number;
};

/** `<HOSPITAL CODE>_<anything>.<csv|ndjson|json>`: the hospital is the part before the first underscore. */
export function parseRemoteName(name: string): { hospitalCode: string; format: FileFormat } | undefined {
  const m = /^([A-Z0-9][A-Z0-9-]{1,31})_.+\.(csv|ndjson|jsonl|json)$/i.exec(name);
  if (!m || !HospitalCodeSchema.safeParse(m[1]).success) return undefined;
  const ext = m[2].toLowerCase();
  return { hospitalCode: m[1], format: ext === "csv" ? "csv" : ext === "json" ? "json" : "ndjson" };
}

/**
 * One SFTP pull: lists the folder, and for each new file takes a lease in the ledger, streams it
 * into intake (raw/ then landing chunks) under a batch id derived from the file's path, size and
 * mtime, records it done and moves it to `done/` (or `failed/` for a file refused as a whole).
 * A dropped connection ends the pull with an error and releases the lease; the next pull resumes
 * the same batch, and chunks already recorded are not recorded twice. A file recorded done is never
 * fetched again, even if moving it away failed.
 */
export async function pullOnce(deps: IntakeDeps, options: PullOptions): Promise<PullReport> {
  const outcomes: PullOutcome[] = [];
  const dir = deps.env.SFTP_DIR.replace(/\/$/, "");
  let session: SftpSession | undefined;
  try {
    session = await options.open();
    const now = deps.platform.now().getTime();
    for (const file of await session.list(dir)) {
      if (now - file.modifiedAt < (options.minAgeMs ?? 0)) {
        outcomes.push({ file: file.name, status: "skipped", code: "I_FILE_TOO_NEW" });
        continue;
      }
      outcomes.push(await pullFile(deps, session, dir, file));
    }
    return { outcomes };
  } catch (error) {
    deps.platform.log.warn("sftp pull interrupted; the next pull resumes", { error: (error as Error).message });
    return { outcomes, error: (error as Error).message };
  } finally {
    await session?.close();
  }
}

async function pullFile(deps: IntakeDeps, session: SftpSession, dir: string, file: RemoteFile): Promise<PullOutcome> {
  const { db } = deps.platform;
  const key = [file.path, file.size, file.modifiedAt] as const;
  const { rows: known } = await db.query<{ status: string; batch_id: string }>("SELECT status, batch_id FROM sftp_file WHERE remote_path = $1 AND size = $2 AND modified_at = $3", [...key]);
  if (known[0] && known[0].status !== "fetching") {
    await session.move(file.path, `${dir}/${known[0].status === "done" ? "done" : "failed"}`, file.name);
    return { file: file.name, batchId: known[0].batch_id, status: "skipped", code: "I_ALREADY_FETCHED" };
  }
  const parsed = parseRemoteName(file.name);
  const batchId = derivedBatchId("sftp", file.path, String(file.size), String(file.modifiedAt));
  const { rows: leased } = await db.query(
    `INSERT INTO sftp_file (remote_path, size, modified_at, batch_id, leased_until) VALUES ($1, $2, $3, $4, now() + interval '15 minutes')
     ON CONFLICT (remote_path, size, modified_at) DO UPDATE SET attempts = sftp_file.attempts + 1, leased_until = now() + interval '15 minutes'
     WHERE sftp_file.status = 'fetching' AND sftp_file.leased_until < now() RETURNING batch_id`,
    [...key, batchId],
  );
  if (leased.length === 0) return { file: file.name, batchId, status: "skipped", code: "I_LEASED" };
  if (!parsed) return finish(deps, session, dir, file, batchId, { ok: false, code: "E_SFTP_FILE_NAME", message: "name files <HOSPITAL CODE>_<name>.csv (or .ndjson, .json)" });
  try {
    const result = await ingestFile({
      platform: deps.platform, batchId, hospitalCode: parsed.hospitalCode, channel: "sftp", fileName: file.name, format: parsed.format,
      body: session.read(file.path), pseudonymKey: deps.pseudonymKey, raw: deps.raw, chunkSize: deps.env.INTAKE_CHUNK_SIZE,
      maxFileBytes: deps.env.INTAKE_MAX_FILE_BYTES, maxJsonBytes: deps.env.INTAKE_MAX_JSON_BYTES,
    });
    return finish(deps, session, dir, file, batchId, result.ok ? { ok: true, rows: result.rows, sha256: result.rawSha256 } : { ok: false, code: result.code, message: result.message });
  } catch (error) {
    await db.query("UPDATE sftp_file SET leased_until = now(), error = $4 WHERE remote_path = $1 AND size = $2 AND modified_at = $3", [...key, (error as Error).message]);
    throw error;
  }
}

type Finished = { ok: true; rows: number; sha256: string } | { ok: false; code: string; message: string };

async function finish(deps: IntakeDeps, session: SftpSession, dir: string, file: RemoteFile, batchId: string, r: Finished): Promise<PullOutcome> {
  await deps.platform.db.query(
    `UPDATE sftp_file SET status = $4, sha256 = $5, error = $6, done_at = now() WHERE remote_path = $1 AND size = $2 AND modified_at = $3`,
    [file.path, file.size, file.modifiedAt, r.ok ? "done" : "failed", r.ok ? r.sha256 : null, r.ok ? null : JSON.stringify({ code: r.code, message: r.message })],
  );
  await session.move(file.path, `${dir}/${r.ok ? "done" : "failed"}`, file.name).catch((error) => {
    deps.platform.log.warn("sftp file recorded but not moved; it will not be fetched again", { file: file.path, error: (error as Error).message });
  });
  return r.ok ? { file: file.name, batchId, status: "done", rows: r.rows } : { file: file.name, batchId, status: "failed", code: r.code };
}
