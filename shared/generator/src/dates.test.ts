import { ageInYears } from "@casemix/claims";
import { describe, expect, it } from "vitest";
import { civil, completedYears, daysFromCivil, isoDay, periodDays, yearsBefore } from "./dates.ts";

describe("dates", () => {
  it("turns day numbers into calendar dates and back, as Date does, over two centuries", () => {
    for (let day = -30_000; day < 45_000; day += 7) {
      const d = new Date(day * 86_400_000);
      expect(civil(day)).toEqual({ y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() });
      expect(daysFromCivil(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())).toBe(day);
    }
  });

  it("counts completed years as the claims package does, 29 February birthdays included", () => {
    const births = ["2000-02-29", "1999-12-31", "1980-06-15"].map((s) => daysFromCivil(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10))));
    for (const b of births) for (let on = b; on < b + 9000; on += 13) expect(completedYears(b, on)).toBe(ageInYears(isoDay(b), isoDay(on)));
  });

  it("moves 29 February a year back to 1 March", () => {
    expect(isoDay(yearsBefore(daysFromCivil(2028, 2, 29), 1))).toBe("2027-03-01");
  });

  it("spans whole months, December into January", () => {
    const p = periodDays("2027-12", 2);
    expect([isoDay(p.first), isoDay(p.last), p.days]).toEqual(["2027-12-01", "2028-01-31", 62]);
  });
});
