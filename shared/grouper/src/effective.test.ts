import { describe, expect, it } from "vitest";
import { isEffectiveOn } from "./effective.ts";

describe("isEffectiveOn", () => {
  const m = { effectiveFrom: "2026-01-01", effectiveTo: "2026-12-31" };
  it("covers both ends of the range", () => {
    expect([isEffectiveOn(m, "2026-01-01"), isEffectiveOn(m, "2026-12-31")]).toEqual([true, true]);
  });
  it("does not cover dates outside the range", () => {
    expect([isEffectiveOn(m, "2025-12-31"), isEffectiveOn(m, "2027-01-01")]).toEqual([false, false]);
  });
  it("an open-ended range covers every later date", () => {
    expect(isEffectiveOn({ effectiveFrom: "2026-01-01", effectiveTo: null }, "2099-01-01")).toBe(true);
  });
});
