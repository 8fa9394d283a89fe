import { pipeline, Transform, type Readable } from "node:stream";
import { retryTransient } from "@casemix/db";
import { checkRecord, parseClaim, printable, toLandingRow, type ClaimError, type LandingRow } from "@casemix/claims";
import { newTraceparent, type Platform } from "@casemix/runtime";
import type { RawObjects } from "@casemix/storage";
import { commitLandingChunk, prepareLandingChunk, upsertBatch, type BatchHeader, type PreparedChunk } from "./landing-chunk.ts";
import { FileRejected, recordsOf, type FileFormat } from "@casemix/claims";

export type IngestOptions = {
  platform: Platform;
  batchId: string;
  hospitalCode: string;
  channel: BatchHeader["channel"];
  fileName: string;
  format: FileFormat;
  body: Readable;
  pseudonymKey: string;
  /** The raw file's store: encrypted, so the only copy with patient identifiers is not in clear. */
  raw: RawObjects;
  chunkSize: number;
  maxFileBytes: number;
  maxJsonBytes: number;
  traceparent?: string;
};

export type IngestResult =
  | { ok: true; batchId: string; rows: number; chunks: number; rawKey: string; rawSha256: string; rawBytes: number }
  | { ok: false; batchId: string; code: string; message: string; rawKey?: string; rawSha256?: string };

/** Object-key-safe file name: the raw key must be a valid object key whatever the hospital called the file. */
export function safeFileName(name: string): string {
  const cleaned = name.replace(/^.*[\\/]/, "").replace(/[^A-Za-z0-9!_.*'()=-]/g, "_").replace(/^\.+/, "_");
  return (cleaned || "upload").slice(0, 200);
}

/** Counts bytes as they pass and fails the stream past `max`. */
function byteLimit(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(piece: Buffer, _enc, done) {
      seen += piece.length;
      if (seen > max) done(new FileRejected({ code: "E_FILE_TOO_LARGE", message: `the file is larger than ${max} bytes` }));
      else done(null, piece);
    },
  });
}

/**
 * Receives one file: stores it unchanged, envelope-encrypted, under `raw/<batch>/<file>` (streamed), then reads it back
 * and splits it into landing chunks, streaming throughout, so memory stays flat whatever the file
 * size. A problem with the file as a whole (empty, bad header, wrong delimiter, not UTF-8/16)
 * fails the batch before any chunk is sent; a problem with one row rejects only that row, later,
 * in validate, with every reason.
 */
export async function ingestFile(o: IngestOptions): Promise<IngestResult> {
  const { platform, batchId } = o;
  const rawKey = `raw/${batchId}/${safeFileName(o.fileName)}`;
  let put: { size: number; sha256: string; keyId: string };
  try {
    // pipeline, not pipe: a client that drops the connection errors the body, and that error must
    // reach the upload (which then fails) instead of crashing the process as an unhandled 'error'.
    const limited = byteLimit(o.maxFileBytes);
    pipeline(o.body, limited, () => {});
    const stored = await o.raw.put(rawKey, limited);
    put = { size: stored.plainBytes, sha256: stored.plainSha256, keyId: stored.keyId };
  } catch (error) {
    if (error instanceof FileRejected) return { ok: false, batchId, code: error.code, message: error.message };
    throw error;
  }
  const header: BatchHeader = {
    batchId, hospitalCode: o.hospitalCode, channel: o.channel, fileName: o.fileName, rawKey, rawSha256: put.sha256, rawBytes: put.size, rawKeyId: put.keyId,
    // One trace per batch: every chunk event carries it (an SFTP pull has no request to take one from).
    traceparent: o.traceparent ?? newTraceparent(),
  };
  const fail = async (code: string, message: string): Promise<IngestResult> => {
    await retryTransient(() => platform.db.transaction((tx) => upsertBatch(tx, header, { code, message })));
    return { ok: false, batchId, code, message, rawKey, rawSha256: put.sha256 };
  };
  if (put.size === 0) return fail("E_FILE_EMPTY", "the file is empty: it has no header and no claims");
  try {
    const { rows, chunks } = await splitIntoChunks(o, header);
    if (rows === 0) return fail("E_FILE_NO_CLAIMS", "the file has a header but no claims");
    return { ok: true, batchId, rows, chunks, rawKey, rawSha256: put.sha256, rawBytes: put.size };
  } catch (error) {
    if (error instanceof FileRejected) return fail(error.code, error.message);
    throw error;
  }
}

/**
 * Holds back one chunk so the last one is known as last when it is recorded: its transaction then
 * sets the batch's chunk count together with the last chunk (see commitLandingChunk). What is held
 * is the stored chunk's reference and five columns, not its rows, so memory stays flat.
 *
 * A chunk's record is committed while the next chunk's rows are parsed: the commit waits for the
 * database (on the embedded default, behind validate's and dedupe's transactions on the one
 * connection), and parsing need not wait with it. Commits still go one at a time, in chunk order:
 * each starts only after the one before it committed, and a failed commit fails the file at the
 * next chunk boundary (or at the end).
 */
async function splitIntoChunks(o: IngestOptions, header: BatchHeader): Promise<{ rows: number; chunks: number }> {
  const stream = await o.raw.getStream(header.rawKey);
  let current: LandingRow[] = [];
  let held: PreparedChunk | undefined;
  let committing: Promise<void> = Promise.resolve();
  let index = 0;
  let rows = 0;
  const flush = async () => {
    const prepared = await prepareLandingChunk(o.platform, header, index++, current);
    current = [];
    await committing;
    if (held) {
      committing = commitLandingChunk(o.platform, header, held, false);
      // Awaited at the next flush or at the end; this only keeps a failure meanwhile from being reported as unhandled.
      committing.catch(() => {});
    }
    held = prepared;
  };
  try {
    for await (const record of recordsOf(o.format, stream, o.maxJsonBytes)) {
      current.push(landingRowOf(record.rowNo, record.input, record.errors, o));
      rows++;
      if (current.length === o.chunkSize) await flush();
    }
    if (current.length > 0) await flush();
  } finally {
    // A file rejected part-way is failed only after the chunk commit in flight has settled.
    await committing.catch(() => {});
  }
  await committing;
  if (held) await commitLandingChunk(o.platform, header, held, true);
  return { rows, chunks: index };
}

function landingRowOf(rowNo: number, input: Record<string, unknown>, rowErrors: ClaimError[], o: IngestOptions): LandingRow {
  const { claim, errors } = checkRecord({ input, errors: rowErrors }, o.hospitalCode);
  return toLandingRow(rowNo, claim ?? input, errors, o.pseudonymKey);
}
