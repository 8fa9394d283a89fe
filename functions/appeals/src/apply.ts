import { LANDING_COLUMNS, landingRowFromParquet, type LandingRow } from "@casemix/claims";
import type { Queryable } from "@casemix/db";
import { APPEAL_BATCH_PREFIX, createEvent, deriveEventId, EventTypes, type CasemixEvent } from "@casemix/events";
import { readChunk, verifyChunk, writeChunk } from "@casemix/parquet";
import type { ObjectStore } from "@casemix/storage";
import type { AppealRow } from "./appeal-row.ts";
import { correctedRow, type Coding } from "./coding.ts";
import { FUNCTION_NAME, MoveRefused } from "./store.ts";

/** The batch that carries an appeal's new claim version: one per appeal, found again by its id. */
export const applyBatchIdOf = (appealId: string) => `${APPEAL_BATCH_PREFIX}${appealId.slice(4)}`;
export const applyChunkIdOf = (appealId: string) => `chk_apl-${appealId.slice(4)}-00000`;

/** A landing chunk of the one corrected row, stored and ready to be recorded. */
export type PreparedApply = { batchId: string; chunkId: string; event: CasemixEvent; objectKey: string; row: LandingRow };

/**
 * Reads the appealed version's landing row (the claim's current row: appeals are on current versions),
 * applies the reviewer's coding and stores the new version's landing chunk, write-once at its
 * deterministic key, before the transaction that records it (DESIGN.md "Shape"). Coding that changes
 * nothing is refused: dedupe would take the same content for a duplicate and the claim would not move.
 */
export async function prepareApply(q: Queryable, store: ObjectStore, appeal: AppealRow, coding: Coding, at: Date, traceparent?: string): Promise<PreparedApply> {
  const { rows } = await q.query<{ object_key: string; sha256: string; row_count: number; row_no: number }>(
    `SELECT i.object_key, i.sha256, i.row_count, c.row_no FROM claim c
       JOIN claim_row r ON r.batch_id = c.batch_id AND r.row_no = c.row_no
       JOIN intake_chunk i ON i.chunk_id = r.chunk_id
     WHERE c.claim_id = $1 AND c.current_version = $2`,
    [appeal.claim_id, appeal.claim_version],
  );
  const found = rows[0];
  if (!found) throw new MoveRefused("E_APPEAL_CLAIM_MOVED", `claim ${appeal.claim_id} is no longer at version ${appeal.claim_version}: decide on its current version`);
  const bytes = await store.get(found.object_key);
  await verifyChunk(bytes, { sha256: found.sha256, rowCount: Number(found.row_count) });
  const landing = (await readChunk(bytes, { schema: LANDING_COLUMNS })).map(landingRowFromParquet).find((r) => r.rowNo === Number(found.row_no));
  if (!landing) throw new Error(`row ${found.row_no} is not in ${found.object_key}`);
  const row = correctedRow(landing, coding);
  if (row.contentHash === landing.contentHash) {
    throw new MoveRefused("E_APPEAL_CODING_UNCHANGED", "the coding decided is the claim's own: an overturned or partly upheld appeal needs coding that changes the claim");
  }
  const batchId = applyBatchIdOf(appeal.appeal_id);
  const chunkId = applyChunkIdOf(appeal.appeal_id);
  // The key names the row's content: a decision whose transaction failed and is retried with other
  // coding writes another write-once object instead of colliding with the first one's.
  const key = `0-${row.contentHash.slice(0, 16)}`;
  const eventId = deriveEventId(FUNCTION_NAME, EventTypes.claimsChunkReceived, batchId, key);
  const objectKey = `landing/${batchId}/${chunkId}/${eventId}.parquet`;
  const chunk = writeChunk(LANDING_COLUMNS, [row], { metadata: { "casemix.batch": batchId, "casemix.chunk": chunkId, "casemix.appeal": appeal.appeal_id } });
  await store.putOnce(objectKey, chunk.bytes);
  const event = createEvent({
    type: EventTypes.claimsChunkReceived, from: FUNCTION_NAME, causeId: batchId, key, traceparent, time: at.toISOString(),
    data: { batchId, chunkId, chunkIndex: 0, chunkCount: 1, hospitalCode: appeal.hospital_code, objectKey, sha256: chunk.sha256, rowCount: 1, channel: "appeal" },
  }) as CasemixEvent;
  if (event.id !== eventId) throw new Error(`chunk event id ${event.id} is not the prepared ${eventId}`);
  return { batchId, chunkId, event, objectKey, row };
}

/**
 * Records the new version's batch (channel `appeal`, one chunk of one row) and its chunk in the
 * transaction of the decision; the caller puts the chunk event in the outbox with it. From there it is
 * a claim like any other: validate, dedupe (a correction: the appealed version is superseded, its
 * price rows stay), group, price (in the open period, or an adjustment run of a closed one), flag-outlier.
 */
export async function recordApplyBatch(tx: Queryable, appeal: AppealRow, p: PreparedApply): Promise<void> {
  await tx.query(
    `INSERT INTO batch (id, hospital_code, channel, file_name, status, rows_received, chunks_total)
     VALUES ($1, $2, 'appeal', $3, 'processing', 1, 1)`,
    [p.batchId, appeal.hospital_code, `appeal ${appeal.appeal_id}`],
  );
  await tx.query(
    `INSERT INTO intake_chunk (chunk_id, batch_id, chunk_index, object_key, sha256, row_count, event_id) VALUES ($1, $2, 0, $3, $4, 1, $5)`,
    [p.chunkId, p.batchId, p.objectKey, (p.event.data as { sha256: string }).sha256, p.event.id],
  );
}
