import { describe, expect, it } from "vitest";
import type { RunResult } from "./report.ts";
import { sideSummary, slowdown } from "./spread.ts";

const run = (settled: number, seconds: number) => ({ settled, endToEndSeconds: seconds }) as RunResult;

describe("the security-cost bench's summary", () => {
  it("gives the median, min, max and spread of claims/s over an odd and an even number of runs", () => {
    expect(sideSummary([run(1000, 1), run(900, 1), run(1100, 1)])).toEqual({ rates: [1000, 900, 1100], median: 1000, min: 900, max: 1100, spreadPercent: 20 });
    expect(sideSummary([run(1000, 1), run(800, 1)]).median).toBe(900);
  });

  it("the slowdown is the drop of the on median in percent of the off median", () => {
    expect(slowdown(1000, 950)).toBe(5);
    expect(slowdown(1000, 1020)).toBe(-2);
  });
});
