import { describe, expect, it } from "vitest";
import { createProgress, formatProgress } from "./progress.ts";

function fakeStream(isTTY: boolean) {
  const out: string[] = [];
  return { out, stream: { isTTY, write: (t: string) => out.push(t) } };
}

describe("progress", () => {
  it("formats a bar with the percentage, counts, rate and time left", () => {
    expect(formatProgress({ done: 5, total: 10, elapsedMs: 1000, label: "run", unit: "claims", width: 10 })).toBe("run [#####-----]  50% 5/10 claims 5/s ETA 1s");
  });

  it("shows the count and rate without a bar when the total is unknown", () => {
    expect(formatProgress({ done: 1500, total: 0, elapsedMs: 1000, label: "", unit: "claims", width: 10 })).toBe("1,500 claims 1,500/s");
  });

  it("redraws one terminal line in place no more often than the interval", () => {
    let t = 0;
    const { out, stream } = fakeStream(true);
    const p = createProgress({ total: 100, stream, intervalMs: 100, now: () => t, width: 4 });
    p.tick(10);
    t = 50;
    p.tick(10);
    t = 150;
    p.tick(10);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^\r\[#---\]  30% 30\/100 items/);
  });

  it("prints plain lines at the log interval when the stream is not a terminal, and a last line on finish", () => {
    let t = 0;
    const { out, stream } = fakeStream(false);
    const p = createProgress({ total: 10, stream, logEveryMs: 1000, now: () => t });
    p.update(3);
    t = 1500;
    p.update(6);
    t = 2000;
    p.update(10);
    expect(p.finish()).toBe(2);
    expect(out).toEqual([expect.stringMatching(/ 60% 6\/10 items .*\n$/), expect.stringMatching(/100% 10\/10 items 5\/s in 2\.0s\n$/)]);
    expect(out.join("")).not.toContain("\r");
  });
});
