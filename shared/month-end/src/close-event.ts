import { deriveEventId, EventTypes, type PeriodClosedData } from "@casemix/events";
import { closeRunId } from "./periods.ts";

/**
 * The `period.closed` event that starts a close (or re-close) run. Its id derives from the run id, so
 * the same close asked twice is the same event and price handles it once.
 */
export function periodClosedEvent(period: string, options: { now: Date; source: string; reclose?: { suffix: string } }) {
  const runId = closeRunId(period, options.reclose ? { at: options.now, suffix: options.reclose.suffix } : undefined);
  const data: PeriodClosedData = { period, runId, runKind: "close", closedAt: options.now.toISOString() };
  return {
    specversion: "1.0" as const,
    id: deriveEventId("period.closed", runId),
    source: options.source,
    type: EventTypes.periodClosed,
    subject: `period/${period}`,
    time: options.now.toISOString(),
    data,
  };
}
