import { type LandingRow, LANDING_COLUMNS } from "@casemix/claims";
import type { Queryable } from "@casemix/db";
import { createEvent, EventTypes, type CasemixEvent } from "@casemix/events";
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
  traceparent?: string;
};

/**
 * Writes one landing chunk: the parquet object first (write-once, at its deterministic key), then
 * one transaction with the batch row, the chunk's claim rows, the chunk record and its
 * `claims.chunk.received` event in the outbox (DESIGN.md "Shape"). When `last` is set, the batch
 * learns its chunk count in the same transaction, before any consumer can see the last chunk.
 * A chunk already recorded (the same file resumed) changes nothing.
 */
export async function writeLandingChunk(platform: Platform, batch: BatchHeader, index: number, rows: LandingRow[], last: boolean): Promise<void> {
  const chunkId = chunkIdOf(batch.batchId, index);
  const draft = createEvent({
    type: EventTypes.claimsChunkReceived,
    from: "intake",
    causeId: batch.batchId,
    key: String(index),
    traceparent: batch.traceparent,
    time: platform.now().toISOString(),
    data: {
      batchId: batch.batchId,
      chunkId,
      chunkIndex: index,
      ...(last ? { chunkCount: index + 1 } : {}),
      hospitalCode: batch.hospitalCode,
      objectKey: "landing/pending.parquet",
      sha256: "0".repeat(64),
      rowCount: rows.length,
      channel: batch.channel,
      rawObjectKey: batch.rawKey,
    },
  });
  const objectKey = `landing/${batch.batchId}/${chunkId}/${draft.id}.parquet`;
  const chunk = writeChunk(LANDING_COLUMNS, rows, { metadata: { "casemix.batch": batch.batchId, "casemix.chunk": chunkId } });
  await platform.store.putOnce(objectKey, chunk.bytes);
  const event: CasemixEvent = { ...draft, data: { ...draft.data, objectKey, sha256: chunk.sha256 } };
  await platform.db.transaction(async (tx) => {
    await upsertBatch(tx, batch);
    const { rows: created } = await tx.query(
      `INSERT INTO intake_chunk (chunk_id, batch_id, chunk_index, object_key, sha256, row_count, event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING 1 AS created`,
      [chunkId, batch.batchId, index, objectKey, chunk.sha256, rows.length, event.id],
    );
    if (created.length === 0) return;
    await tx.query(
      `UPDATE batch SET rows_received = rows_received + $2,
         chunks_total = CASE WHEN $3::boolean THEN $4::integer ELSE chunks_total END,
         status = CASE WHEN $3::boolean THEN 'processing' ELSE status END
       WHERE id = $1`,
      [batch.batchId, rows.length, last, index + 1],
    );
    await insertClaimRows(tx, batch.batchId, chunkId, rows);
    await tx.query("INSERT INTO outbox (event) VALUES ($1::jsonb)", [JSON.stringify(event)]);
  });
}

/** The batch row, created with the first chunk (or alone, for a file rejected as a whole). */
export async function upsertBatch(tx: Queryable, batch: BatchHeader, failure?: { code: string; message: string }): Promise<void> {
  await tx.query(
    `INSERT INTO batch (id, hospital_code, channel, file_name, raw_key, raw_sha256, raw_bytes, status, error, chunks_total)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING`,
    [
      batch.batchId, batch.hospitalCode, batch.channel, batch.fileName, batch.rawKey, batch.rawSha256, batch.rawBytes,
      failure ? "failed" : "receiving", failure ? JSON.stringify(failure) : null, failure ? 0 : null,
    ],
  );
}

/** One statement for the whole chunk (unnest of arrays), never one per claim. */
async function insertClaimRows(tx: Queryable, batchId: string, chunkId: string, rows: LandingRow[]): Promise<void> {
  await tx.query(
    `INSERT INTO claim_row (batch_id, row_no, chunk_id, hospital_code, claim_number, content_hash, patient_pseudo, state)
     SELECT $1, t.row_no, $2, t.hospital_code, t.claim_number, t.content_hash, t.patient_pseudo, 'received'
     FROM unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::text[]) AS t(row_no, hospital_code, claim_number, content_hash, patient_pseudo)
     ON CONFLICT (batch_id, row_no) DO NOTHING`,
    [
      batchId,
      chunkId,
      rows.map((r) => r.rowNo),
      rows.map((r) => r.hospitalCode),
      rows.map((r) => r.claimNumber),
      rows.map((r) => r.contentHash),
      rows.map((r) => r.patientPseudo),
    ],
  );
}
