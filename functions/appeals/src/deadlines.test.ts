import { describe, expect, it } from "vitest";
import { deadlineOf, overdueAction, parseDeadlines } from "./deadlines.ts";

const DAY = 86_400_000;

describe("appeal deadlines", () => {
  it("reads a deadline per state from configuration", () => {
    expect(parseDeadlines("filed=P5D, under_review=P30D,applied=PT12H")).toEqual({ filed: 5 * DAY, under_review: 30 * DAY, applied: 12 * 3_600_000 });
  });

  it("names the pair that is wrong", () => {
    expect(() => parseDeadlines("filed=P5D,decided=soon")).toThrow("decided=soon");
    expect(() => parseDeadlines("closed=P1D")).toThrow("closed=P1D: the state must be");
  });

  it("an appeal under review since 1 February is due 30 days later; a state without one has none", () => {
    const d = parseDeadlines("under_review=P30D");
    expect(deadlineOf(d, "under_review", new Date("2027-02-01T00:00:00Z"))?.toISOString()).toBe("2027-03-03T00:00:00.000Z");
    expect(deadlineOf(d, "filed", new Date("2027-02-01T00:00:00Z"))).toBeUndefined();
  });

  it("an overdue applied appeal closes; any other escalates", () => {
    expect(overdueAction("applied")).toBe("close");
    expect(overdueAction("under_review")).toBe("escalate");
  });
});
