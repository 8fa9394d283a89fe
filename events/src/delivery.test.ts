import { describe, expect, it } from "vitest";
import { backoffDelaysMs, parseIsoDuration, totalBackoffMs } from "./delivery.ts";

describe("parseIsoDuration", () => {
  it("reads seconds, fractions, minutes, hours and days", () => {
    expect(parseIsoDuration("PT1S")).toBe(1000);
    expect(parseIsoDuration("PT0.5S")).toBe(500);
    expect(parseIsoDuration("PT2M")).toBe(120_000);
    expect(parseIsoDuration("P1DT1H")).toBe(90_000_000);
  });
  it("refuses text that is not a duration", () => {
    for (const bad of ["1s", "P", "PT", "P1M", "PT-1S"]) expect(() => parseIsoDuration(bad), bad).toThrow();
  });
});

describe("backoff", () => {
  it("exponential doubles from the first delay", () => {
    expect(backoffDelaysMs({ retry: 4, backoffPolicy: "exponential", backoffDelay: "PT1S", deadLetter: true })).toEqual([1000, 2000, 4000, 8000]);
  });
  it("linear grows by the first delay", () => {
    expect(backoffDelaysMs({ retry: 3, backoffPolicy: "linear", backoffDelay: "PT2S", deadLetter: true })).toEqual([2000, 4000, 6000]);
  });
  it("the total is the sum of the waits", () => {
    expect(totalBackoffMs({ retry: 7, backoffPolicy: "exponential", backoffDelay: "PT1S", deadLetter: true })).toBe(127_000);
  });
  it("no retries means no waiting", () => {
    expect(totalBackoffMs({ retry: 0, backoffPolicy: "exponential", backoffDelay: "PT1S", deadLetter: true })).toBe(0);
  });
});
