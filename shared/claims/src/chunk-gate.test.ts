import { describe, expect, it } from "vitest";
import { createChunkGate } from "./chunk-gate.ts";

describe("chunk gate", () => {
  it("runs at most its number of slots at once and every piece of work in arrival order", async () => {
    const gate = createChunkGate(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const work = (i: number) => gate.run(async () => {
      started.push(i);
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return i;
    });
    expect(await Promise.all([0, 1, 2, 3, 4].map(work))).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });

  it("frees the slot when the work fails", async () => {
    const gate = createChunkGate(1);
    await expect(gate.run(async () => { throw new Error("boom"); })).rejects.toThrow("boom");
    expect(await gate.run(async () => "next")).toBe("next");
  });
});
