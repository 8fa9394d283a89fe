import { describe, expect, it } from "vitest";
import { divHalfUp, formatRinggit, formatScaled, mulDivHalfUp, parseDecimal } from "./decimal.ts";

describe("parseDecimal", () => {
  it("holds a four-place weight as a scaled integer", () => {
    expect(parseDecimal("1.2345", 4)).toEqual({ ok: true, scaled: 12345 });
  });
  it("pads missing fraction digits with zeros", () => {
    expect(parseDecimal("3", 2)).toEqual({ ok: true, scaled: 300 });
    expect(parseDecimal("0.5", 4)).toEqual({ ok: true, scaled: 5000 });
  });
  it("refuses more decimal places than the scale instead of rounding them", () => {
    const parsed = parseDecimal("1.23456", 4);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain("5 decimal places");
  });
  it("refuses negative numbers, exponents and words", () => {
    for (const text of ["-1.0", "1e3", "abc", "", "1.2.3"]) expect(parseDecimal(text, 4).ok).toBe(false);
  });
});

describe("mulDivHalfUp", () => {
  it("rounds an exact half up", () => {
    expect(mulDivHalfUp(5, 1, 2)).toBe(3);
    expect(mulDivHalfUp(15, 1, 10)).toBe(2);
  });
  it("rounds below a half down", () => {
    expect(mulDivHalfUp(149, 1, 100)).toBe(1);
  });
  it("is exact when the product exceeds 2^53 by falling back to BigInt", () => {
    const a = 9_007_199_254_740_991;
    expect(mulDivHalfUp(a, 3, 3)).toBe(a);
    expect(mulDivHalfUp(a, 10_000, 20_000)).toBe(4_503_599_627_370_496);
  });
  it("agrees with BigInt on many quotients near integer boundaries", () => {
    for (let d = 1; d < 2000; d += 7) {
      for (const n of [d * 1_000_000_007 - 1, d * 1_000_000_007, d * 1_000_000_007 + Math.floor(d / 2)]) {
        const q = BigInt(n) / BigInt(d);
        const r = BigInt(n) - q * BigInt(d);
        const expected = Number(r * 2n >= BigInt(d) ? q + 1n : q);
        expect(divHalfUp(n, d)).toBe(expected);
      }
    }
  });
});

describe("formatting", () => {
  it("formats a scaled integer with its fixed decimal places", () => {
    expect(formatScaled(12345, 4)).toBe("1.2345");
    expect(formatScaled(5, 4)).toBe("0.0005");
    expect(formatScaled(450, 2)).toBe("4.50");
  });
  it("formats sen as ringgit with thousands separators", () => {
    expect(formatRinggit(493800)).toBe("RM 4,938.00");
    expect(formatRinggit(5)).toBe("RM 0.05");
    expect(formatRinggit(-60000)).toBe("-RM 600.00");
    expect(formatRinggit(123456789)).toBe("RM 1,234,567.89");
  });
});
