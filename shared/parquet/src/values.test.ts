import { describe, expect, it } from "vitest";
import { daysFromIsoDate, formatDecimal, isoDateFromDays, toUnscaled } from "./values.ts";

describe("decimal values", () => {
  it("an integer is taken as unscaled sen and a string as decimal text", () => {
    expect(toUnscaled(123450, 14, 2)).toBe(123450n);
    expect(toUnscaled("1234.5", 14, 2)).toBe(123450n);
    expect(toUnscaled("-0.07", 14, 2)).toBe(-7n);
    expect(toUnscaled("12.300", 14, 2)).toBe(1230n);
  });

  it("refuses extra places, non-integers and values beyond the precision with a reason", () => {
    expect(toUnscaled("1.005", 14, 2)).toMatch(/more than 2 decimal places/);
    expect(toUnscaled(10.5, 14, 2)).toMatch(/not an unscaled integer/);
    expect(toUnscaled("1000", 4, 2)).toMatch(/does not fit/);
  });

  it("formats unscaled integers with exactly the scale's places", () => {
    expect(formatDecimal(123450n, 2)).toBe("1234.50");
    expect(formatDecimal(-7n, 2)).toBe("-0.07");
    expect(formatDecimal(999999999999999999n, 2)).toBe("9999999999999999.99");
    expect(formatDecimal(5, 0)).toBe("5");
  });
});

describe("date values", () => {
  it("round-trips YYYY-MM-DD through days since the epoch and rejects impossible dates", () => {
    expect(daysFromIsoDate("1970-01-02")).toBe(1);
    expect(isoDateFromDays(daysFromIsoDate("1931-02-28")!)).toBe("1931-02-28");
    expect(daysFromIsoDate("2026-02-30")).toBeUndefined();
    expect(daysFromIsoDate("2026-2-3")).toBeUndefined();
  });
});

describe("daysFromIsoDate against Date.UTC", () => {
  it("agrees with the JS calendar on every day from 1900 to 2100", () => {
    for (let day = Date.UTC(1900, 0, 1) / 86_400_000; day <= Date.UTC(2100, 11, 31) / 86_400_000; day++) {
      const text = new Date(day * 86_400_000).toISOString().slice(0, 10);
      if (daysFromIsoDate(text) !== day) throw new Error(`${text}: ${daysFromIsoDate(text)} != ${day}`);
    }
    expect(daysFromIsoDate("2024-02-29")).toBe(Date.UTC(2024, 1, 29) / 86_400_000);
    expect(daysFromIsoDate("2100-02-29")).toBeUndefined();
    expect(daysFromIsoDate("2026-13-01")).toBeUndefined();
    expect(daysFromIsoDate("2026-00-10")).toBeUndefined();
    expect(daysFromIsoDate("2026-01-1x")).toBeUndefined();
  });
});
