import { describe, expect, it } from "vitest";
import { createPrng, sampleIndices } from "./prng.ts";

describe("createPrng", () => {
  it("gives the same sequence for the same seed", () => {
    const a = createPrng(7);
    const b = createPrng(7);
    expect([a.next(), a.next(), a.next()]).toEqual([b.next(), b.next(), b.next()]);
  });

  it("gives a different sequence for another seed", () => {
    expect(createPrng(1).next()).not.toEqual(createPrng(2).next());
  });

  it("stays within [0, 1)", () => {
    const rng = createPrng(3);
    for (let i = 0; i < 10_000; i++) {
      const x = rng.next();
      expect(x >= 0 && x < 1).toBe(true);
    }
  });
});

describe("sampleIndices", () => {
  it("picks k distinct indices in ascending order", () => {
    const s = sampleIndices(1000, 100, createPrng(5));
    expect(s).toHaveLength(100);
    expect(new Set(s).size).toBe(100);
    expect([...s].sort((a, b) => a - b)).toEqual(s);
    expect(s.every((i) => i >= 0 && i < 1000)).toBe(true);
  });

  it("returns every index when k is not below n", () => {
    expect(sampleIndices(3, 10, createPrng(5))).toEqual([0, 1, 2]);
  });
});
