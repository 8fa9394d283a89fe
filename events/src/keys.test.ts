import { describe, expect, it } from "vitest";
import { EventTypes, eventTypeNames } from "./event-types.ts";
import { exampleData } from "./examples.ts";
import { partitionKeyOf, subjectOf } from "./keys.ts";

describe("partition keys", () => {
  it("every example of every type has a partition key", () => {
    for (const type of eventTypeNames) {
      for (const data of exampleData[type]) expect(partitionKeyOf(type, data), type).toMatch(/^\S+$/);
    }
  });

  it("events about a hospital are keyed by its code", () => {
    expect(partitionKeyOf(EventTypes.claimsChunkReceived, exampleData[EventTypes.claimsChunkReceived][0])).toBe("HKL");
    expect(partitionKeyOf(EventTypes.batchCompleted, exampleData[EventTypes.batchCompleted][0])).toBe("HKL");
    expect(partitionKeyOf(EventTypes.appealTransitioned, exampleData[EventTypes.appealTransitioned][0])).toBe("HKL");
  });

  it("period events without a hospital fall back to the period", () => {
    expect(partitionKeyOf(EventTypes.periodClosed, exampleData[EventTypes.periodClosed][0])).toBe("period:2027-01");
    expect(partitionKeyOf(EventTypes.periodPriced, exampleData[EventTypes.periodPriced][0])).toBe("period:2027-01");
  });

  it("a period chunk sliced per hospital is keyed by the hospital", () => {
    const [whole, perHospital] = exampleData[EventTypes.periodChunkScheduled];
    expect(partitionKeyOf(EventTypes.periodChunkScheduled, whole!)).toBe("period:2027-01");
    expect(partitionKeyOf(EventTypes.periodChunkScheduled, perHospital!)).toBe("HKL");
  });

  it("config versions of one kind share a key, the tick its schedule, MyGDX notifications their target", () => {
    expect(partitionKeyOf(EventTypes.configPublished, exampleData[EventTypes.configPublished][1]!)).toBe("config:tariff");
    expect(partitionKeyOf(EventTypes.schedulerTicked, { schedule: "month-end" })).toBe("schedule:month-end");
    expect(partitionKeyOf(EventTypes.notificationFailed, exampleData[EventTypes.notificationFailed][0])).toBe("target:mygdx");
  });

  it("a fallback key can never equal a hospital code", () => {
    expect(partitionKeyOf(EventTypes.periodClosed, exampleData[EventTypes.periodClosed][0])).toContain(":");
  });
});

describe("subjects", () => {
  it("a chunk event's subject is batch/chunk", () => {
    expect(subjectOf(EventTypes.claimsChunkGrouped, exampleData[EventTypes.claimsChunkGrouped][0])).toBe("bat_01HX/chk_01HX-0");
  });

  it("a config event's subject starts with its kind, so Triggers can filter by kind", () => {
    expect(subjectOf(EventTypes.configPublished, exampleData[EventTypes.configPublished][1]!)).toBe("tariff/tariff-2027.1");
  });

  it("the PingSource tick has no subject", () => {
    expect(subjectOf(EventTypes.schedulerTicked, { schedule: "month-end" })).toBeUndefined();
  });
});
