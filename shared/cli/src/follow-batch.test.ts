import { describe, expect, it } from "vitest";
import { followBatch, type FollowedStatus } from "./follow-batch.ts";

/** A batch whose status moves through `steps`, one per poll, on a clock that advances a second a poll. */
function scripted(steps: FollowedStatus[], isTTY: boolean) {
  const out: string[] = [];
  let t = 0;
  let i = 0;
  return {
    out,
    options: {
      batchId: "bat_1",
      fetchStatus: async () => steps[Math.min(i++, steps.length - 1)],
      stream: { isTTY, write: (text: string) => out.push(text) },
      now: () => t,
      sleep: async (ms: number) => void (t += ms),
      logEveryMs: 2000,
    },
    polls: () => i,
  };
}

const at = (settled: number, status = "processing"): FollowedStatus => ({ status, counts: { final: settled, received: 1000 - settled }, progress: { settled, total: 1000 } });

describe("followBatch", () => {
  it("redraws one bar in place on a terminal until the batch completes, then ends the line", async () => {
    const s = scripted([at(0), at(250), at(500), at(1000, "completed")], true);
    const last = await followBatch(s.options);
    expect(last.status).toBe("completed");
    expect(s.polls()).toBe(4);
    expect(s.out.every((l) => l.startsWith("\r"))).toBe(true);
    expect(s.out[0]).toContain("batch bat_1 [");
    expect(s.out[0]).toContain(" 25% 250/1,000 claims 250/s ETA 3s");
    expect(s.out.at(-1)).toMatch(/100% 1,000\/1,000 claims 333\/s in 3\.0s\x1b\[K\n$/);
  });

  it("prints plain lines at the log interval when not a terminal, and stops on a failed batch", async () => {
    const s = scripted([at(0), at(100), at(200), at(300), at(400), { ...at(400), status: "failed" }], false);
    const last = await followBatch(s.options);
    expect(last.status).toBe("failed");
    expect(s.out.join("")).not.toContain("\r");
    expect(s.out).toEqual([expect.stringMatching(/ 20% 200\/1,000 claims/), expect.stringMatching(/ 40% 400\/1,000 claims/), expect.stringMatching(/ 40% 400\/1,000 claims 80\/s ETA 8s\n$/)]);
  });
});
