import { describe, expect, it } from "vitest";
import { dataSchemaFor, dataSchemas } from "./data-schemas.ts";
import { EventTypes, eventTypeNames } from "./event-types.ts";
import { exampleData } from "./examples.ts";

describe("data schemas", () => {
  it("every event type has a data schema", () => {
    for (const type of eventTypeNames) expect(dataSchemaFor(type), type).toBeDefined();
    expect(Object.keys(dataSchemas).sort()).toEqual([...eventTypeNames].sort());
  });

  it("every example of every type parses", () => {
    for (const type of eventTypeNames) {
      expect(exampleData[type].length, type).toBeGreaterThan(0);
      for (const data of exampleData[type]) {
        const r = dataSchemaFor(type).safeParse(data);
        expect(r.success, `${type}: ${JSON.stringify(r.error?.issues)}`).toBe(true);
      }
    }
  });

  it("a chunk event refuses claims carried inline (claim-check only)", () => {
    const data = { ...exampleData[EventTypes.claimsChunkReceived][0], claims: [{ id: "clm_1" }] };
    expect(dataSchemaFor(EventTypes.claimsChunkReceived).safeParse(data).success).toBe(false);
  });

  it("a chunk event needs the object's sha256 as 64 hex digits", () => {
    const data = { ...exampleData[EventTypes.claimsChunkGrouped][0], sha256: "abc" };
    expect(dataSchemaFor(EventTypes.claimsChunkGrouped).safeParse(data).success).toBe(false);
  });

  it("amounts are integer sen as strings, never numbers or decimals", () => {
    const schema = dataSchemaFor(EventTypes.claimsChunkPriced);
    const base = exampleData[EventTypes.claimsChunkPriced][0];
    expect(schema.safeParse({ ...base, totalSen: 1234 }).success).toBe(false);
    expect(schema.safeParse({ ...base, totalSen: "12.34" }).success).toBe(false);
    expect(schema.safeParse({ ...base, totalSen: "0" }).success).toBe(true);
  });

  it("an adjustment run may carry a negative difference but not a negative total", () => {
    const schema = dataSchemaFor(EventTypes.periodPriced);
    const base = exampleData[EventTypes.periodPriced][0];
    expect(schema.safeParse({ ...base, runKind: "adjustment", deltaSen: "-5000" }).success).toBe(true);
    expect(schema.safeParse({ ...base, totalSen: "-5000" }).success).toBe(false);
  });

  it("a period is YYYY-MM with a real month", () => {
    const schema = dataSchemaFor(EventTypes.periodClosed);
    const base = exampleData[EventTypes.periodClosed][0];
    expect(schema.safeParse({ ...base, period: "2027-13" }).success).toBe(false);
    expect(schema.safeParse({ ...base, period: "2027-1" }).success).toBe(false);
  });

  it("a configuration version cannot end before it starts", () => {
    const schema = dataSchemaFor(EventTypes.configPublished);
    const base = exampleData[EventTypes.configPublished][0];
    expect(schema.safeParse({ ...base, effectiveTo: "2026-12-31" }).success).toBe(false);
    expect(schema.safeParse({ ...base, effectiveTo: "2027-12-31" }).success).toBe(true);
  });

  it("a configuration kind outside definition, tariff, hospitals and codeset is refused", () => {
    const base = exampleData[EventTypes.configPublished][0];
    expect(dataSchemaFor(EventTypes.configPublished).safeParse({ ...base, kind: "rules" }).success).toBe(false);
  });

  it("a reprocessed batch names the batch it replaces, by batch id", () => {
    const base = exampleData[EventTypes.claimsChunkReceived][0];
    const schema = dataSchemaFor(EventTypes.claimsChunkReceived);
    expect(schema.safeParse({ ...base, batchId: "bat_01HY", reprocessOf: "bat_01HX" }).success).toBe(true);
    expect(schema.safeParse({ ...base, reprocessOf: "raw/HKL/file.csv" }).success).toBe(false);
  });

  it("ids carry their prefix", () => {
    const base = exampleData[EventTypes.batchCompleted][0];
    expect(dataSchemaFor(EventTypes.batchCompleted).safeParse({ ...base, batchId: "chk_1" }).success).toBe(false);
  });

  it("an object key may not climb out of its prefix", () => {
    const base = exampleData[EventTypes.claimsChunkReceived][0];
    const schema = dataSchemaFor(EventTypes.claimsChunkReceived);
    expect(schema.safeParse({ ...base, objectKey: "landing/../raw/x.csv" }).success).toBe(false);
    expect(schema.safeParse({ ...base, objectKey: "/landing/x.parquet" }).success).toBe(false);
  });
});
