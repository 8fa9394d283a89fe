import { EventTypes, createEvent, parseEventData, type CasemixEvent, type ClaimsChunkPricedData } from "@casemix/events";
import { flagClaim, refusedDecision, unpricedDecision } from "@casemix/outliers";
import { writeChunk } from "@casemix/parquet";
import { invalid, type FunctionDefinition, type HandlerResult, type Platform, type RefusedRows } from "@casemix/runtime";
import { baselineAt } from "./baselines.ts";
import { loadClaims } from "./chunk.ts";
import type { OutlierConfig } from "./config.ts";
import { FLAGGED_COLUMNS } from "./flagged-columns.ts";
import { chunkEffectWriter, claimRowsWriter, type Judged } from "./write.ts";

export const FUNCTION_NAME = "flag-outlier";

/**
 * Judges one priced chunk: every claim gets its outlier decision (LOS against the trim points of its
 * tariff, cost against its peers, the anomaly score) against the baseline in force at the event's
 * time; the flagged-rows object is written once; claims become final or under review; the chunk is
 * counted on its batch, and the last one completes the batch. Replies with claims.chunk.flagged.
 * A claim whose outlier record the database refuses (`refused`, found by the runtime on an earlier
 * try) is held for review with the refusal as its flag; the rest of the chunk is judged as usual.
 */
export function createFlagOutlier(platform: Platform, config: OutlierConfig): FunctionDefinition {
  return {
    name: FUNCTION_NAME,
    handle: async (event, ctx) => {
      if (event.type !== EventTypes.claimsChunkPriced) return;
      const parsed = parseEventData(event);
      if (!parsed.ok) throw invalid(parsed.error.code, parsed.error.message, parsed.error.field);
      return judgeChunk(platform, config, event, parsed.data as ClaimsChunkPricedData, ctx.refused);
    },
  };
}

async function judgeChunk(platform: Platform, config: OutlierConfig, event: CasemixEvent, data: ClaimsChunkPricedData, refused: RefusedRows = new Map()): Promise<HandlerResult> {
  const at = event.time ?? platform.now().toISOString();
  const claims = await loadClaims(platform.store, data, config);
  const baseline = await baselineAt(platform.db, at);
  const decide = (c: (typeof claims)[number]) => {
    const refusal = refused.get(c.rowNo);
    if (refusal) return refusedDecision(refusal.message);
    return c.trim ? flagClaim(c.claim, c.trim, baseline) : unpricedDecision(c.unpriced ?? "E_NOT_PRICED");
  };
  const judged: Judged[] = claims.map((c) => ({ ...c, decision: decide(c) }));
  const rows = judged.map((j) => ({ rowNo: j.rowNo, claimId: j.claimId, version: j.version, flags: JSON.stringify(j.decision.flags) }));
  const chunk = writeChunk(FLAGGED_COLUMNS, rows, { metadata: { "casemix.batch": data.batchId, "casemix.chunk": data.chunkId, "casemix.baseline": baseline?.id ?? "" } });
  // A try after rows were refused writes other bytes: its own key (no committed event names the first try's).
  const objectKey = `flag-outlier/${data.batchId}/${data.chunkId}/${event.id}${refused.size > 0 ? "-isolated" : ""}.parquet`;
  await platform.store.putOnce(objectKey, chunk.bytes);
  const underReview = judged.filter((j) => j.decision.review).length;
  const reply = createEvent({
    type: EventTypes.claimsChunkFlagged,
    from: FUNCTION_NAME,
    causeId: event.id,
    traceparent: event.traceparent,
    time: at,
    data: {
      batchId: data.batchId, chunkId: data.chunkId, chunkIndex: data.chunkIndex,
      ...(data.chunkCount === undefined ? {} : { chunkCount: data.chunkCount }),
      hospitalCode: data.hospitalCode, objectKey, sha256: chunk.sha256, rowCount: chunk.rowCount,
      landing: data.landing, ...(data.versions ? { versions: data.versions } : {}),
      counts: { final: judged.length - underReview, underReview },
    },
  });
  return {
    reply,
    write: chunkEffectWriter({
      batchId: data.batchId, chunkId: data.chunkId, eventId: event.id, objectKey, judged, refused,
      completion: { batchId: data.batchId, hospitalCode: data.hospitalCode, traceparent: event.traceparent, time: at },
    }),
    isolate: {
      rows: judged.filter((j) => !refused.has(j.rowNo)).map((j) => j.rowNo),
      write: (tx, rows) => {
        const some = new Set(rows);
        return claimRowsWriter({ batchId: data.batchId, chunkId: data.chunkId, eventId: event.id, judged: judged.filter((j) => some.has(j.rowNo)) })(tx);
      },
    },
  };
}
