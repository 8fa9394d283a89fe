import type { Queryable } from "@casemix/db";
import { appendOutbox } from "@casemix/db";
import type { RefusedRows } from "@casemix/runtime";
import type { FlagDecision } from "@casemix/outliers";
import type { ClaimToJudge } from "./chunk.ts";
import { batchCompletedEvent, type BatchCompletion } from "./batch-completed.ts";

export type Judged = ClaimToJudge & { decision: FlagDecision };

export type ChunkEffect = {
  batchId: string;
  chunkId: string;
  eventId: string;
  objectKey: string;
  judged: readonly Judged[];
  /** Rows whose outlier record the database refused on an earlier try (HandlerResult.isolate). */
  refused?: RefusedRows;
  completion: Omit<BatchCompletion, "counts" | "totalSen" | "chunkCount">;
};

/**
 * Every claims.chunk.priced is a chunk of a batch: first pricing of its claims, in the batch's run or,
 * for claims of a period already closing or closed, in an adjustment run (which price records on the
 * claim rows). Either way the claims end final or under review here and the chunk counts on its batch;
 * month-end repricing never comes through flag-outlier. Its records are keyed by run '' (first
 * judgement of a claim version), so a late claim is judged, queued and learned from like any other.
 */
const FIRST_JUDGEMENT = "";

/**
 * The whole database effect of one chunk, one statement per table (never one per claim): the
 * decision log, the review queue, claim row states, the chunk record, then the batch count. The batch row
 * is updated last so its lock is held for as short a time as possible. The parameters are built here,
 * before the transaction; the returned write only sends them, so the connection does not wait inside
 * the transaction while this thread serialises 10,000 decisions.
 */
export function chunkEffectWriter(effect: ChunkEffect): (tx: Queryable) => Promise<void> {
  const { judged, batchId, chunkId, eventId } = effect;
  const rows = claimRowsWriter(effect);
  const final = judged.filter((j) => !j.decision.review).length;
  const totalSen = judged.reduce((s, j) => s + j.totalSen, 0n);
  return async (tx) => {
    // The claims' records and the chunk record are sent at once (run in order, back to back: no round
    // trip between them) and awaited together.
    const chunkRecorded = tx.query(
      `INSERT INTO outlier_chunk (batch_id, chunk_id, run_id, event_id, object_key, final, under_review, total_sen)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING 1 AS counted`,
      [batchId, chunkId, FIRST_JUDGEMENT, eventId, effect.objectKey, final, judged.length - final, totalSen.toString()],
    );
    const [, { rows: counted }] = await Promise.all([rows(tx), chunkRecorded]);
    // A chunk already counted is not counted again.
    if (counted.length === 1) await countChunk(tx, effect);
  };
}

/**
 * The per-claim part of a chunk's effect: the decision log, the review queue and the claim row states,
 * one statement per table. Claims in `effect.refused` (their outlier record was refused by the
 * database on an earlier try) get no decision record, only a review holding them and the refusal on
 * their claim row. The runtime also calls this with some of the claims to find refused rows.
 */
export function claimRowsWriter(effect: Pick<ChunkEffect, "batchId" | "chunkId" | "eventId" | "judged" | "refused">): (tx: Queryable) => Promise<void> {
  const { judged, batchId, chunkId, eventId } = effect;
  const refused = effect.refused ?? new Map();
  const runId = FIRST_JUDGEMENT;
  const decisions = judged.map((j) => ({
    claim_id: j.claimId, version: j.version, row_no: j.rowNo, hospital_code: j.hospitalCode, period: j.period,
    baseline_id: j.decision.baselineId, tariff_version_id: j.tariffVersionId,
    inputs: {
      ...j.claim, totalSen: j.totalSen.toString(),
      ...(j.trim ? { meanLos: j.trim.meanLos, lowTrim: j.trim.lowTrim, highTrim: j.trim.highTrim } : { priceError: j.unpriced }),
    },
    checks: j.decision.checks, flags: j.decision.flags, flagged: j.decision.review,
  }));
  const logged = decisions.filter((d) => !refused.has(d.row_no));
  // Parallel arrays through unnest, the three documents as text[] (sent in binary) cast to json, the
  // columns' type since 0660: 167 ms per 10k rows, against 273 for one JSON document through
  // jsonb_to_recordset into jsonb and 436 for unnest of jsonb[] (bench/decision-insert.ts).
  const decisionParams = [
    runId, batchId, chunkId, eventId,
    logged.map((d) => d.claim_id), logged.map((d) => d.version), logged.map((d) => d.row_no), logged.map((d) => d.hospital_code),
    logged.map((d) => d.period), logged.map((d) => d.baseline_id), logged.map((d) => d.tariff_version_id),
    logged.map((d) => JSON.stringify(d.inputs)), logged.map((d) => JSON.stringify(d.checks)), logged.map((d) => JSON.stringify(d.flags)),
    logged.map((d) => d.flagged),
  ];
  const reviews = decisions
    .filter((d) => d.flagged)
    .map((d) => ({ claim_id: d.claim_id, version: d.version, row_no: d.row_no, hospital_code: d.hospital_code, period: d.period, flags: d.flags, baseline_id: d.baseline_id }));
  const reviewsJson = JSON.stringify(reviews);
  const stateParams = judged.length > 0 ? rowStateParams(batchId, judged) : undefined;
  const refusals = [...refused].map(([rowNo, e]) => ({ row_no: rowNo, errors: [{ code: e.code, field: e.field ?? "", message: e.message }] }));
  return async (tx) => {
    const decided = logged.length === 0 ? undefined : tx.query(
      `INSERT INTO outlier_decision (claim_id, version, run_id, batch_id, chunk_id, row_no, event_id, hospital_code, period,
                                     baseline_id, tariff_version_id, inputs, checks, flags, flagged)
       SELECT d.claim_id, d.version, $1, $2, $3, d.row_no, $4, d.hospital_code, d.period, d.baseline_id, d.tariff_version_id,
              d.inputs::json, d.checks::json, d.flags::json, d.flagged
       FROM unnest($5::text[], $6::int[], $7::int[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::boolean[])
         AS d(claim_id, version, row_no, hospital_code, period, baseline_id, tariff_version_id, inputs, checks, flags, flagged)
       ON CONFLICT DO NOTHING`,
      decisionParams,
    );
    const reviewed = reviews.length === 0 ? undefined : tx.query(
      `INSERT INTO outlier_review (claim_id, version, run_id, hospital_code, period, batch_id, row_no, flags, baseline_id)
       SELECT d.claim_id, d.version, $1, d.hospital_code, d.period, $2, d.row_no, d.flags, d.baseline_id
       FROM jsonb_to_recordset($3::jsonb) AS d(claim_id text, version int, row_no int, hospital_code text, period text, flags jsonb, baseline_id text)
       ON CONFLICT DO NOTHING`,
      [runId, batchId, reviewsJson],
    );
    const marked = stateParams && markStates(tx, stateParams);
    const noted = refusals.length === 0 ? undefined : tx.query(
      `UPDATE claim_row AS r SET errors = e.errors
       FROM jsonb_to_recordset($2::jsonb) AS e(row_no int, errors jsonb)
       WHERE r.batch_id = $1 AND r.row_no = e.row_no`,
      [batchId, JSON.stringify(refusals)],
    );
    await Promise.all([decided, reviewed, marked, noted]);
  };
}

/**
 * The parameters of {@link markStates}, built before the transaction. The chunk's row_no range lets the
 * update read through the primary key, not a hash of the whole batch per chunk.
 */
function rowStateParams(batchId: string, judged: readonly Judged[]): unknown[] {
  const rowNos = judged.map((j) => j.rowNo);
  const states = judged.map((j) => (j.decision.review ? "under_review" : "final"));
  return [batchId, rowNos, states, rowNos.reduce((a, b) => (a < b ? a : b)), rowNos.reduce((a, b) => (a > b ? a : b))];
}

/**
 * First pricing: the claims' rows become final, or under_review when flagged (a claim's state lives in
 * its claim_row, claim-states.ts). A row already in a terminal state (a version superseded by a
 * correction later in the same file) keeps it.
 */
async function markStates(tx: Queryable, params: unknown[]): Promise<void> {
  await tx.query(
    `UPDATE claim_row AS r SET state = s.state
     FROM unnest($2::int[], $3::text[]) AS s(row_no, state)
     WHERE r.batch_id = $1 AND r.row_no BETWEEN $4 AND $5 AND r.row_no = s.row_no AND r.state NOT IN ('superseded', 'duplicate', 'rejected', 'ungroupable')`,
    params,
  );
}

/**
 * Counts the chunk on its batch with one UPDATE ... RETURNING. Whoever then sets completed_at from
 * NULL (here, or intake when it learns chunks_total after the last chunk was counted) is the only one
 * that emits batch.completed, so it is sent exactly once.
 */
async function countChunk(tx: Queryable, effect: ChunkEffect): Promise<void> {
  const { rows } = await tx.query<{ chunks_done: number; chunks_total: number | null }>(
    "UPDATE batch SET chunks_done = chunks_done + 1 WHERE id = $1 RETURNING chunks_done, chunks_total",
    [effect.batchId],
  );
  const batch = rows[0];
  if (!batch || batch.chunks_total === null || Number(batch.chunks_done) < Number(batch.chunks_total)) return;
  const { rows: completed } = await tx.query<{ chunks_total: number }>(
    `UPDATE batch SET completed_at = now(), status = 'completed'
     WHERE id = $1 AND completed_at IS NULL AND chunks_done >= chunks_total RETURNING chunks_total`,
    [effect.batchId],
  );
  if (completed.length === 0) return;
  const { rows: counts } = await tx.query<{ state: string; n: string }>(
    "SELECT state, count(*)::text AS n FROM claim_row WHERE batch_id = $1 GROUP BY state",
    [effect.batchId],
  );
  const { rows: total } = await tx.query<{ total: string | null }>(
    "SELECT sum(total_sen)::text AS total FROM outlier_chunk WHERE batch_id = $1 AND run_id = ''",
    [effect.batchId],
  );
  const byState = Object.fromEntries(counts.map((c) => [c.state, Number(c.n)]));
  const event = batchCompletedEvent({
    ...effect.completion,
    chunkCount: Number(completed[0].chunks_total),
    counts: byState,
    totalSen: total[0]?.total ?? "0",
  });
  await appendOutbox(tx, [event as never]);
}
