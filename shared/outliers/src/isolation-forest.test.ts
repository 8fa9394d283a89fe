import { describe, expect, it } from "vitest";
import { anomalyScore, averagePathLength, trainIsolationForest } from "./isolation-forest.ts";
import { createPrng, normal } from "./prng.ts";

const cloud = (n: number, seed: number) => {
  const rng = createPrng(seed);
  return Array.from({ length: n }, () => [normal(rng), normal(rng)]);
};

describe("averagePathLength", () => {
  it("is 0 for one point and 1 for two", () => {
    expect(averagePathLength(1)).toBe(0);
    expect(averagePathLength(2)).toBe(1);
  });

  it("matches c(256) of the paper, about 10.24", () => expect(averagePathLength(256)).toBeCloseTo(10.24, 1));
});

describe("isolation forest", () => {
  const forest = trainIsolationForest(cloud(2000, 1), { seed: 9 });

  it("scores a far point above every point of the cloud's centre", () => {
    expect(anomalyScore(forest, [8, 8])).toBeGreaterThan(0.65);
    expect(anomalyScore(forest, [0, 0])).toBeLessThan(0.5);
  });

  it("gives the same forest for the same seed", () => {
    const again = trainIsolationForest(cloud(2000, 1), { seed: 9 });
    expect(JSON.stringify(again)).toBe(JSON.stringify(forest));
  });

  it("scores the same after a JSON round trip", () => {
    const reloaded = JSON.parse(JSON.stringify(forest));
    expect(anomalyScore(reloaded, [3, -2])).toBe(anomalyScore(forest, [3, -2]));
  });

  it("makes a leaf of points that are all equal", () => {
    const flat = trainIsolationForest([[1, 1], [1, 1], [1, 1]], { seed: 1, trees: 3 });
    expect(flat.trees.every((t) => t.feature.length === 1)).toBe(true);
  });
});
