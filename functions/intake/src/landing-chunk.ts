import { type LandingRow, LANDING_COLUMNS } from "@casemix/claims";
import { auditCall, retryTransient, withCaller, type Queryable } from "@casemix/db";
import { createEvent, deriveEventId, EventTypes } from "@casemix/events";
import { writeChunk } from "@casemix/parquet";
import type { Platform } from "@casemix/runtime";
import { chunkIdOf } from "./ids.ts";

export type BatchHeader = {
  batchId: string;
  hospitalCode: string;
  channel: "rest" | "upload" | "sftp" | "smrp";
  fileName: string;
  rawKey: string;
  rawSha256: string;
  rawBytes: number;
  /** Id of the master key that wrapped the raw file's data key (also in the object's header). */
  rawKeyId: string;
  traceparent?: string;
};

/** A chunk whose parquet object is stored, waiting to be recorded: its key and counts, not its rows. */
export type PreparedChunk = {
  index: number;
  chunkId: string;
  eventId: string;
  objectKey: string;
  sha256: string;
  rowCount: number;
};

/**
 * Writes a landing chunk's parquet object (write-once, at its deterministic key); the rows can be let
 * go while the chunk waits to be recorded.
 */
export async function prepareLandingChunk(platform: Platform, batch: BatchHeader, index: number, rows: LandingRow[]): Promise<PreparedChunk> {
  const chunkId = chunkIdOf(batch.batchId, index);
  const eventId = deriveEventId("intake", EventTypes.claimsChunkReceived, batch.batchId, String(index));
  const objectKey = `landing/${batch.batchId}/${chunkId}/${eventId}.parquet`;
  const chunk = writeChunk(LANDING_COLUMNS, rows, { metadata: { "casemix.batch": batch.batchId, "casemix.chunk": chunkId } });
  await platform.store.putOnce(objectKey, chunk.bytes);
  return { index, chunkId, eventId, objectKey, sha256: chunk.sha256, rowCount: rows.length };
}

/**
 * Records a prepared chunk in one transaction: the batch row and its count of rows received, the
 * chunk record and its `claims.chunk.received` event in the outbox (DESIGN.md "Shape"). The chunk's
 * claim rows are not written here: each row is written once, with its outcome, by validate (rejected)
 * or dedupe (validated, duplicate); until then the batch counts it as received (rows_received less
 * the rows written, see routes/batches/load.ts). When `last` is set, the batch learns its chunk count
 * in the same transaction, before any consumer can see the last chunk. A chunk already recorded (the same file resumed) changes nothing.
 */
export async function commitLandingChunk(platform: Platform, batch: BatchHeader, c: PreparedChunk, last: boolean): Promise<void> {
  const event = createEvent({
    type: EventTypes.claimsChunkReceived,
    from: "intake",
    causeId: batch.batchId,
    key: String(c.index),
    traceparent: batch.traceparent,
    time: platform.now().toISOString(),
    data: {
      batchId: batch.batchId, chunkId: c.chunkId, chunkIndex: c.index, ...(last ? { chunkCount: c.index + 1 } : {}), hospitalCode: batch.hospitalCode,
      objectKey: c.objectKey, sha256: c.sha256, rowCount: c.rowCount, channel: batch.channel, rawObjectKey: batch.rawKey,
    },
  });
  if (event.id !== c.eventId) throw new Error(`chunk event id ${event.id} is not the prepared ${c.eventId}`);
  // A dropped database connection costs a retry, not the upload: the transaction is all or nothing,
  // and a second run after a COMMIT that did land finds the chunk recorded and changes nothing.
  // Statements that do not wait for each other's answers are sent together (they run in order).
  // The chunk event carries the person who submitted the batch, if one did (audit.ts withCaller).
  const eventJson = JSON.stringify(withCaller([event])[0]);
  await retryTransient(() => platform.db.transaction(async (tx) => {
    const [, { rows: created }] = await Promise.all([
      upsertBatch(tx, batch),
      tx.query(
        `INSERT INTO intake_chunk (chunk_id, batch_id, chunk_index, object_key, sha256, row_count, event_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING 1 AS created`,
        [c.chunkId, batch.batchId, c.index, c.objectKey, c.sha256, c.rowCount, event.id],
      ),
    ]);
    if (created.length === 0) return;
    await Promise.all([
      tx.query(
        `UPDATE batch SET rows_received = rows_received + $2,
           chunks_total = CASE WHEN $3::boolean THEN $4::integer ELSE chunks_total END,
           status = CASE WHEN $3::boolean THEN 'processing' ELSE status END
         WHERE id = $1`,
        [batch.batchId, c.rowCount, last, c.index + 1],
      ),
      tx.query("INSERT INTO outbox (event) VALUES ($1::jsonb)", [eventJson]),
    ]);
  }));
}

/**
 * The batch row, created with the first chunk (or alone, for a file rejected as a whole), and audited
 * once, when created, for the caller of the request (or `system` for an SFTP pull).
 */
export async function upsertBatch(tx: Queryable, batch: BatchHeader, failure?: { code: string; message: string }): Promise<void> {
  const { rows } = await tx.query(
    `INSERT INTO batch (id, hospital_code, channel, file_name, raw_key, raw_sha256, raw_bytes, status, error, chunks_total, raw_key_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO NOTHING RETURNING 1 AS created`,
    [
      batch.batchId, batch.hospitalCode, batch.channel, batch.fileName, batch.rawKey, batch.rawSha256, batch.rawBytes,
      failure ? "failed" : "receiving", failure ? JSON.stringify(failure) : null, failure ? 0 : null, batch.rawKeyId,
    ],
  );
  if (rows.length === 0) return;
  await auditCall(tx, failure ? "batches.refuse" : "batches.submit", batch.batchId, {
    hospital: batch.hospitalCode, channel: batch.channel, rawSha256: batch.rawSha256, ...(failure ? { code: failure.code } : {}),
  });
}
