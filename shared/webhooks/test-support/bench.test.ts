import { describe, expect, it } from "vitest";
import { latencyLine, openLoop, percentile } from "./bench.ts";

describe("the delivery benchmarks' shared parts", () => {
  it("percentile is the nearest rank of the sorted values, NaN when there are none", () => {
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect([percentile(ten, 50), percentile(ten, 95), percentile(ten, 99)]).toEqual([5, 10, 10]);
    expect(percentile([], 50)).toBeNaN();
  });

  it("prints p50, p95, p99 and max right-aligned against the 1 s target", () => {
    expect(latencyLine([1, 2, 3, 4])).toBe("  p50      2.0 ms   p95      4.0 ms   p99      4.0 ms   max      4.0 ms   (target p95 <= 1000 ms)");
  });

  it("the open loop sends rate x seconds events, each at or after its due time, without waiting for the earlier ones", async () => {
    const sent: { due: number; at: number }[] = [];
    let open = 0;
    let mostOpen = 0;
    const { total, achieved } = await openLoop(200, 0.05, async (due) => {
      sent.push({ due, at: performance.now() });
      mostOpen = Math.max(mostOpen, ++open);
      await new Promise((resolve) => setTimeout(resolve, 30));
      open--;
    });
    expect(total).toBe(10);
    expect(sent).toHaveLength(10);
    for (const [i, s] of sent.entries()) {
      expect(s.at).toBeGreaterThanOrEqual(s.due);
      if (i > 0) expect(s.due - sent[i - 1].due).toBeCloseTo(5, 5);
    }
    expect(mostOpen).toBeGreaterThan(1);
    expect(achieved).toBeGreaterThan(0);
  });
});
