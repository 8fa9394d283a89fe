import { describe, expect, it } from "vitest";
import { ageInDays, ageInYears, lengthOfStay, periodOf, ringgitToSen } from "./derive.ts";

describe("dates and money derived from a claim", () => {
  it("a same-day stay has a length of stay of 0", () => expect(lengthOfStay("2027-01-05", "2027-01-05")).toBe(0));
  it("length of stay counts calendar days across a month end", () => expect(lengthOfStay("2027-01-30", "2027-02-02")).toBe(3));
  it("length of stay counts the leap day", () => expect(lengthOfStay("2028-02-28", "2028-03-01")).toBe(2));
  it("age in years is reached on the birthday itself", () => expect(ageInYears("1990-03-15", "2027-03-15")).toBe(37));
  it("age in years is one less the day before the birthday", () => expect(ageInYears("1990-03-15", "2027-03-14")).toBe(36));
  it("a 29 February birthday is reached on 1 March in a common year", () => {
    expect(ageInYears("2024-02-29", "2027-02-28")).toBe(2);
    expect(ageInYears("2024-02-29", "2027-03-01")).toBe(3);
  });
  it("age in days of a newborn admitted on its birthday is 0", () => expect(ageInDays("2027-01-01", "2027-01-01")).toBe(0));
  it("the period is the discharge month", () => expect(periodOf("2027-01-31")).toBe("2027-01"));
  it("ringgit convert to exact sen", () => {
    expect(ringgitToSen("12345.6")).toBe(1234560);
    expect(ringgitToSen("0.07")).toBe(7);
    expect(ringgitToSen("10")).toBe(1000);
  });
});
