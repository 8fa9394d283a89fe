import {
  createChunkGate, recordRefusedRows, LANDING_COLUMNS, REJECTION_COLUMNS, VALIDATED_COLUMNS, landingRowFromParquet,
  type ClaimError, type LandingRow, type RejectionRow, type ValidatedRow,
} from "@casemix/claims";
import type { ConfigStore } from "@casemix/config";
import type { Queryable } from "@casemix/db";
import { createEvent, EventTypes, type ClaimsChunkReceivedData, type CasemixEvent } from "@casemix/events";
import { writeChunk } from "@casemix/parquet";
import { readCheckedChunk, type FunctionDefinition, type HandlerResult, type Platform, type RefusedRows } from "@casemix/runtime";
import { editClaim } from "./claim-edits.ts";
import { createEditConfigSource, type EditConfigSource } from "./config-in-force.ts";
import { klDate } from "./kl-date.ts";

type ChunkFields = { batchId: string; chunkId: string; chunkIndex: number; chunkCount?: number; hospitalCode: string };
type Rejected = { row: LandingRow; errors: ClaimError[] };

/**
 * validate: reads a landing chunk, runs every edit on every claim, and answers with the chunk of
 * valid claims (`claims.chunk.validated`, always, even when none is valid, so the batch can
 * complete); rejected claims are stored with every reason and travel as data in a
 * `claims.chunk.rejected` event. One INSERT per chunk records the rejected rows (dedupe records the valid ones). The definition and
 * register come from the versioned configuration (`config`); `config.published` refreshes them.
 */
export function createValidateHandler(platform: Platform, config: ConfigStore): FunctionDefinition {
  const configInForce = createEditConfigSource(config);
  const gate = createChunkGate(2);
  return {
    name: "validate",
    handle: async (event, ctx): Promise<HandlerResult | void> => {
      if (config.handleEvent(event)) return;
      if (event.type !== EventTypes.claimsChunkReceived) return;
      return gate.run(() => validateChunk(platform, configInForce, event, ctx.refused));
    },
  };
}

/**
 * One landing chunk: every edit on every claim, the validated chunk written, the rejected rows recorded.
 * A rejected row the database refused to store (`refused`, found by the runtime: a NUL byte in its
 * claim number, say) is recorded with E_VALUE_REFUSED and its reasons' codes only; the rest go on.
 */
async function validateChunk(platform: Platform, configInForce: EditConfigSource, event: CasemixEvent, refused: RefusedRows = new Map()): Promise<HandlerResult> {
  const data = event.data as ClaimsChunkReceivedData;
  const landing = (await readCheckedChunk(platform.store, data, "data.objectKey", LANDING_COLUMNS)).map(landingRowFromParquet);
  const today = klDate(event.time, platform.now());
  const edit = await configInForce(today);
  const valid: ValidatedRow[] = [];
  const rejected: Rejected[] = [];
  for (const row of landing) {
    const outcome = editClaim(row, { definition: edit.definition, hospitals: edit.hospitals, today });
    if (outcome.ok) valid.push(outcome.row);
    else rejected.push({ row, errors: outcome.errors });
  }
  const versions = { definition: edit.definitionVersion, hospitals: edit.registerVersion };
  const base = `validate/${data.batchId}/${data.chunkId}/${event.id}`;
  const out = writeChunk(VALIDATED_COLUMNS, valid);
  await platform.store.putOnce(`${base}.parquet`, out.bytes);
  const chunkFields = { batchId: data.batchId, chunkId: data.chunkId, chunkIndex: data.chunkIndex, ...(data.chunkCount ? { chunkCount: data.chunkCount } : {}), hospitalCode: data.hospitalCode };
  const reply = createEvent({
    type: EventTypes.claimsChunkValidated, from: "validate", causeId: event.id, traceparent: event.traceparent, time: event.time,
    data: {
      ...chunkFields, objectKey: `${base}.parquet`, sha256: out.sha256, rowCount: valid.length,
      landing: { objectKey: data.objectKey, sha256: data.sha256, rowCount: data.rowCount }, versions,
      counts: { valid: valid.length, rejected: rejected.length },
    },
  });
  const outbox: CasemixEvent[] = [];
  if (rejected.length > 0) outbox.push(await rejectionEvent(platform, event, base, chunkFields, rejected));
  const stored = rejected.filter((r) => !refused.has(r.row.rowNo));
  const earlier = new Map(rejected.filter((r) => refused.has(r.row.rowNo)).map((r) => [r.row.rowNo, r.errors]));
  return {
    reply,
    outbox,
    write: async (tx) => void (await Promise.all([recordStates(tx, chunkFields, stored), recordRefusedRows(tx, chunkFields, refused, earlier)])),
    isolate: {
      rows: stored.map((r) => r.row.rowNo),
      write: (tx, rows) => {
        const some = new Set(rows);
        return recordStates(tx, chunkFields, stored.filter((r) => some.has(r.row.rowNo)));
      },
    },
  };
}

async function rejectionEvent(platform: Platform, event: CasemixEvent, base: string, chunkFields: ChunkFields, rejected: Rejected[]): Promise<CasemixEvent> {
  const rows: RejectionRow[] = rejected.flatMap(({ row, errors }) => errors.map((e) => ({ rowNo: row.rowNo, claimNumber: row.claimNumber, code: e.code, field: e.field, message: e.message })));
  const chunk = writeChunk(REJECTION_COLUMNS, rows);
  await platform.store.putOnce(`${base}-rejected.parquet`, chunk.bytes);
  const reasons: Record<string, number> = {};
  for (const r of rows) if (/^E_[A-Z0-9_]+$/.test(r.code)) reasons[r.code] = (reasons[r.code] ?? 0) + 1;
  return createEvent({
    type: EventTypes.claimsChunkRejected, from: "validate", causeId: event.id, traceparent: event.traceparent, time: event.time,
    data: { ...chunkFields, objectKey: `${base}-rejected.parquet`, sha256: chunk.sha256, rowCount: rows.length, step: "validate", reasons },
  }) as CasemixEvent;
}

/**
 * One statement for the chunk's rejected rows: each row written once, with every reason (intake
 * writes no claim rows; dedupe writes the valid ones with its decision). A row an older intake
 * already wrote as 'received' (a batch in flight across an upgrade) is updated instead.
 */
async function recordStates(tx: Queryable, data: ChunkFields, rejected: Rejected[]): Promise<void> {
  if (rejected.length === 0) return;
  const rows = rejected.map((r) => r.row);
  await tx.query(
    `INSERT INTO claim_row AS c (batch_id, row_no, chunk_id, hospital_code, claim_number, content_hash, patient_pseudo, state, errors)
     SELECT $1, t.row_no, $2, t.hospital_code, t.claim_number, t.content_hash, t.patient_pseudo, 'rejected', t.errors::jsonb
     FROM unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS t(row_no, hospital_code, claim_number, content_hash, patient_pseudo, errors)
     ON CONFLICT (batch_id, row_no) DO UPDATE SET state = 'rejected', errors = EXCLUDED.errors WHERE c.state = 'received'`,
    [
      data.batchId, data.chunkId, rows.map((r) => r.rowNo), rows.map((r) => r.hospitalCode), rows.map((r) => r.claimNumber),
      rows.map((r) => r.contentHash), rows.map((r) => r.patientPseudo), rejected.map((r) => JSON.stringify(r.errors)),
    ],
  );
}
