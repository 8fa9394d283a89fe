import type { DeadLetter } from "@casemix/bus";
import type { Queryable } from "@casemix/db";
import { EventTypes } from "@casemix/events";

/** The events that carry a batch's chunk from step to step: one dead-lettered strands the chunk's claims. */
const CHUNK_CHAIN: ReadonlySet<string> = new Set([
  EventTypes.claimsChunkReceived, EventTypes.claimsChunkValidated, EventTypes.claimsChunkDeduplicated,
  EventTypes.claimsChunkGrouped, EventTypes.claimsChunkPriced,
]);

/** What `batch.error` holds for a batch failed by a dead-lettered chunk (GET /v1/batches/{id} shows it). */
export type DeadLetteredBatchError = { code: "E_CHUNK_DEAD_LETTERED"; message: string; deadLetterIds: string[] };

/**
 * Marks the batch of a dead-lettered chunk event `failed`, with the reason and the dead-letter ids
 * (DESIGN.md "Events": no batch stays `processing` without a reason). Its claims that had not reached
 * the step stay where they were; the batch status says why. A batch already ended `completed` is left
 * alone; one already failed this way gets the new id added. Events of no batch chunk change nothing.
 * The reason names the step, the HTTP status and the error code, never the event's data.
 *
 * @example
 * createMemoryBus({ routes, onDeadLetter: (letter) => failBatchOfDeadLetter(db, letter) });
 */
export async function failBatchOfDeadLetter(db: Queryable, letter: DeadLetter): Promise<boolean> {
  const data = letter.event.data as { batchId?: unknown; chunkId?: unknown } | undefined;
  if (!CHUNK_CHAIN.has(letter.event.type) || typeof data?.batchId !== "string" || typeof data.chunkId !== "string") return false;
  const code = /\bE_[A-Z0-9_]+\b/.exec(letter.reason)?.[0];
  const message = `chunk ${data.chunkId} was dead-lettered at ${letter.route} after ${letter.attempts} attempt(s), status ${letter.status}${code ? ` ${code}` : ""}; its claims that had not passed that step stay unfinished. Replay it with casemix dlq replay ${letter.id}`;
  const error: DeadLetteredBatchError = { code: "E_CHUNK_DEAD_LETTERED", message, deadLetterIds: [letter.id] };
  const { rows } = await db.query(
    `UPDATE batch SET status = 'failed',
       error = CASE
         WHEN status = 'failed' AND error IS NOT NULL AND error::jsonb ? 'deadLetterIds'
           THEN jsonb_set(error::jsonb, '{deadLetterIds}', (error::jsonb -> 'deadLetterIds') || to_jsonb($3::text))::text
         ELSE $2 END
     WHERE id = $1 AND (status IN ('receiving', 'processing')
       OR (status = 'failed' AND error IS NOT NULL AND error::jsonb ? 'deadLetterIds' AND NOT (error::jsonb -> 'deadLetterIds') ? $3))
     RETURNING id`,
    [data.batchId, JSON.stringify(error), letter.id],
  );
  return rows.length > 0;
}
