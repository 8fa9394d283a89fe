import { describe, expect, it } from "vitest";
import { createDispatchStats, percentile } from "./dispatch-stats.ts";

const d = (offset: number, producedAt: number, dispatchedAt: number, previousDoneAt?: number, groupId = "g.validate") => ({ groupId, partition: 0, offset: String(offset), producedAt, dispatchedAt, previousDoneAt });

describe("the national bench's dispatch numbers", () => {
  it("counts every join of a group after its first as a rebalance", () => {
    const s = createDispatchStats();
    for (const g of ["g.validate", "g.group", "g.validate", "g.validate"]) s.observer.groupJoined!(g);
    expect(s.summary().rebalances).toBe(2);
  });

  it("measures produce to first dispatch only for records with no earlier record of their partition waiting, once per record", () => {
    const s = createDispatchStats();
    s.observer.dispatched!(d(0, 1000, 1010)); // first of its partition: counted, 10 ms
    s.observer.dispatched!(d(1, 1005, 1500, 1400)); // produced while offset 0 was still in work: queued
    s.observer.dispatched!(d(2, 2000, 2030, 1500)); // the partition was idle when it came: counted, 30 ms
    s.observer.dispatched!(d(2, 2000, 9000, 1500)); // a redelivery of offset 2: not a first dispatch
    expect(s.summary()).toMatchObject({ counted: 2, queued: 1, p50DelayMs: 10, p99DelayMs: 30, maxDelayMs: 30 });
  });

  it("takes the nearest-rank percentile", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile([], 99)).toBeNaN();
  });
});
