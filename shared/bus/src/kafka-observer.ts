/** One record handed to a route's subscriber, as the dispatcher saw it. */
export type Dispatch = {
  groupId: string;
  partition: number;
  offset: string;
  /** The record's timestamp: when the ingress produced it (CreateTime), ms since the epoch. */
  producedAt: number;
  dispatchedAt: number;
  /**
   * When this consumer finished the record before it in the partition (undefined: none since it joined).
   * After `producedAt`, the record waited behind it: its delay is the partition's order, not dispatch.
   */
  previousDoneAt?: number;
};

/**
 * Hooks of the Kafka bus for measurement (the national benchmark, issue 16; the broker's lag metric,
 * issue 21): every join of a route's consumer group (the first, then each rebalance), every dispatch of
 * a record, redeliveries included, and every record consumed.
 */
export type KafkaBusObserver = {
  groupJoined?(groupId: string): void;
  dispatched?(d: Dispatch): void;
  /**
   * Every record a route's consumer is done with, for that route or not: `lag` is how many records
   * of the partition came after it when it was fetched (high watermark - offset - 1), 0 once caught up.
   */
  consumed?(c: { groupId: string; partition: number; lag: number }): void;
};
