import type { Dispatch, KafkaBusObserver } from "@casemix/bus";

/** What the dispatchers did in one run: the issue-16 numbers of the national benchmark. */
export type DispatchSummary = {
  /** Joins of each route's consumer group after its first one: rebalances (0 in a run without faults). */
  rebalances: number;
  /** Records first dispatched with no earlier record of their partition still waiting (the ones counted). */
  counted: number;
  /** Records first dispatched after waiting behind an earlier record of their partition (not counted). */
  queued: number;
  /** Produce time to first dispatch over the counted records, ms. */
  p50DelayMs: number;
  p99DelayMs: number;
  maxDelayMs: number;
};

/** The p-th percentile (nearest rank) of `values`, NaN when empty. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * The Kafka bus observer of the benchmark's broker, and its summary. The delivery delay is the
 * dispatcher's own: from a record's produce time to its first dispatch, only for records that had no
 * earlier record of their partition still waiting when produced (a record behind another waits for the
 * partition's order, which is the design's per-hospital ordering, not dispatch latency). A redelivery
 * (after a retry, crash or rebalance) is not a first dispatch and is not measured again.
 */
export function createDispatchStats(): { observer: KafkaBusObserver; summary(): DispatchSummary } {
  const joins = new Map<string, number>();
  const seen = new Set<string>();
  const delays: number[] = [];
  let queued = 0;
  const observer: KafkaBusObserver = {
    groupJoined: (groupId) => void joins.set(groupId, (joins.get(groupId) ?? 0) + 1),
    dispatched: (d: Dispatch) => {
      const key = `${d.groupId}/${d.partition}/${d.offset}`;
      if (seen.has(key)) return;
      seen.add(key);
      if (d.previousDoneAt !== undefined && d.previousDoneAt > d.producedAt) queued++;
      else delays.push(d.dispatchedAt - d.producedAt);
    },
  };
  return {
    observer,
    summary: () => ({
      rebalances: [...joins.values()].reduce((n, j) => n + Math.max(0, j - 1), 0),
      counted: delays.length,
      queued,
      p50DelayMs: percentile(delays, 50),
      p99DelayMs: percentile(delays, 99),
      maxDelayMs: delays.length ? Math.max(...delays) : NaN,
    }),
  };
}
