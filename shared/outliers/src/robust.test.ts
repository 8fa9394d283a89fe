import { describe, expect, it } from "vitest";
import { meanAbsDev, median, medianMad, modifiedZ, quantile } from "./robust.ts";

describe("median", () => {
  it("takes the middle value of an odd list", () => expect(median([5, 1, 3])).toBe(3));
  it("averages the two middle values of an even list", () => expect(median([4, 1, 3, 2])).toBe(2.5));
  it("is NaN for an empty list", () => expect(median([])).toBeNaN());
});

describe("medianMad", () => {
  it("ignores one wild value", () => {
    expect(medianMad([10, 11, 12, 13, 1000])).toEqual({ median: 12, mad: 1 });
  });
});

describe("modifiedZ", () => {
  it("scales the distance from the median by 0.6745 / MAD", () => {
    expect(modifiedZ(14, { median: 12, mad: 1 })).toBeCloseTo(1.349, 3);
  });

  it("falls back to the mean absolute deviation when the MAD is 0", () => {
    const values = [5, 5, 5, 5, 9];
    const stats = { median: 5, mad: 0, meanAbsDev: meanAbsDev(values, 5) };
    expect(modifiedZ(9, stats)).toBeCloseTo(4 / (1.2533 * 0.8), 6);
  });

  it("is infinite away from a constant peer group", () => {
    expect(modifiedZ(6, { median: 5, mad: 0, meanAbsDev: 0 })).toBe(Number.POSITIVE_INFINITY);
    expect(modifiedZ(5, { median: 5, mad: 0, meanAbsDev: 0 })).toBe(0);
  });
});

describe("quantile", () => {
  it("interpolates between order statistics", () => expect(quantile([0, 10], 0.25)).toBe(2.5));
  it("gives the maximum at q = 1", () => expect(quantile([3, 9, 1], 1)).toBe(9));
});
