import { describe, expect, it } from "vitest";
import { batchProgress } from "./progress.ts";

const at = (s: number) => new Date(Date.UTC(2026, 8, 1) + s * 1000);

describe("batchProgress", () => {
  it("counts settled claims (final held for review included) against those received, with the rate and time left", () => {
    const p = batchProgress({ counts: { final: 200, under_review: 50, rejected: 50, received: 500, validated: 200 }, rowsReceived: 1000, status: "processing", createdAt: at(0), completedAt: null, now: at(10) });
    expect(p).toEqual({ settled: 300, total: 1000, percent: 30, elapsedSeconds: 10, claimsPerSecond: 30, etaSeconds: 23.3 });
  });

  it("is 100 percent with no time left once completed, its rate over the time the batch took", () => {
    const p = batchProgress({ counts: { final: 990, ungroupable: 10 }, rowsReceived: 1000, status: "completed", createdAt: at(0), completedAt: at(4), now: at(60) });
    expect(p).toMatchObject({ settled: 1000, percent: 100, elapsedSeconds: 4, claimsPerSecond: 250, etaSeconds: null });
  });

  it("gives no time left while the file is still being received, since the total is not known yet", () => {
    const p = batchProgress({ counts: { received: 10_000 }, rowsReceived: 10_000, status: "receiving", createdAt: at(0), completedAt: null, now: at(2) });
    expect(p).toMatchObject({ settled: 0, total: 10_000, percent: 0, etaSeconds: null });
  });

  it("does not round a nearly done batch up to 100 percent", () => {
    const p = batchProgress({ counts: { final: 9_999, priced: 1 }, rowsReceived: 10_000, status: "processing", createdAt: at(0), completedAt: null, now: at(1) });
    expect(p.percent).toBe(99.9);
  });
});
