/** One record handed to a route's subscriber, as the dispatcher saw it. */
export type Dispatch = {
  groupId: string;
  partition: number;
  offset: string;
  /** The record's timestamp: when the ingress produced it (CreateTime), ms since the epoch. */
  producedAt: number;
  dispatchedAt: number;
  /** Records after this one in the partition when it was fetched (high watermark - offset - 1): the group's lag. */
  lag: number;
  /**
   * When this consumer finished the record before it in the partition (undefined: none since it joined).
   * After `producedAt`, the record waited behind it: its delay is the partition's order, not dispatch.
   */
  previousDoneAt?: number;
};

/**
 * Hooks of the Kafka bus for measurement (the national benchmark, issue 16): every join of a route's
 * consumer group (the first, then each rebalance) and every dispatch of a record, redeliveries included.
 */
export type KafkaBusObserver = {
  groupJoined?(groupId: string): void;
  dispatched?(d: Dispatch): void;
};
