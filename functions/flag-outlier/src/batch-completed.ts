import { createEvent, EventTypes, type CasemixEvent } from "@casemix/events";

export type BatchCompletion = {
  batchId: string;
  hospitalCode: string;
  chunkCount: number;
  /** Claim rows per state, from claim_row. */
  counts: Record<string, number>;
  totalSen: string;
  traceparent?: string;
  time: string;
};

/**
 * The batch.completed event: counts per terminal state (under_review counts as settled), the batch's
 * total. Its id derives from the batch: one batch, one batch.completed id from flag-outlier.
 */
export function batchCompletedEvent(c: BatchCompletion): CasemixEvent {
  const n = (state: string) => c.counts[state] ?? 0;
  const received = Object.values(c.counts).reduce((s, v) => s + v, 0);
  return createEvent({
    type: EventTypes.batchCompleted,
    from: "flag-outlier",
    causeId: c.batchId,
    traceparent: c.traceparent,
    time: c.time,
    data: {
      batchId: c.batchId,
      hospitalCode: c.hospitalCode,
      chunkCount: c.chunkCount,
      counts: {
        received,
        rejected: n("rejected"),
        duplicate: n("duplicate"),
        superseded: n("superseded"),
        ungroupable: n("ungroupable"),
        final: n("final"),
        underReview: n("under_review"),
      },
      totalSen: c.totalSen,
    },
  });
}
