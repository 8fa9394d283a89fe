import { describe, expect, it } from "vitest";
import { closeRunId, isPeriodOver, periodAt, periodToClose, previousPeriod } from "./periods.ts";
import { periodClosedEvent } from "./close-event.ts";
import { PeriodClosedDataSchema, RunIdSchema } from "@casemix/events";

describe("month-end periods", () => {
  it("an instant late on the last day in UTC is already the next month in Kuala Lumpur", () => {
    expect(periodAt(new Date("2027-01-31T16:05:00Z"))).toBe("2027-02");
    expect(periodAt(new Date("2027-01-31T15:59:59Z"))).toBe("2027-01");
  });

  it("the first tick of February in Kuala Lumpur closes January", () => {
    expect(periodToClose(new Date("2027-01-31T16:05:00Z"))).toBe("2027-01");
  });

  it("the tick of January closes December of the year before", () => {
    expect(previousPeriod("2027-01")).toBe("2026-12");
    expect(periodToClose(new Date("2027-01-01T00:05:00+08:00"))).toBe("2026-12");
  });

  it("only months already over may be closed", () => {
    expect(isPeriodOver("2027-01", new Date("2027-02-01T00:00:00+08:00"))).toBe(true);
    expect(isPeriodOver("2027-02", new Date("2027-02-01T00:00:00+08:00"))).toBe(false);
  });

  it("every plain close of a period names the same run, a re-close a new one", () => {
    expect(closeRunId("2027-01")).toBe("run_close_2027-01");
    const r = closeRunId("2027-01", { at: new Date("2027-03-02T10:20:30.456Z"), suffix: "a1b2c3" });
    expect(r).toBe("run_close_2027-01_20270302T102030_a1b2c3");
    expect(RunIdSchema.safeParse(r).success).toBe(true);
  });

  it("the same close asked twice is the same event", () => {
    const a = periodClosedEvent("2027-01", { now: new Date("2027-02-01T00:05:00+08:00"), source: "/casemix/scheduler" });
    const b = periodClosedEvent("2027-01", { now: new Date("2027-02-02T00:05:00+08:00"), source: "/casemix/scheduler" });
    expect(a.id).toBe(b.id);
    expect(PeriodClosedDataSchema.safeParse(a.data).success).toBe(true);
  });
});
