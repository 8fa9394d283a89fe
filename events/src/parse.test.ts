import { describe, expect, it } from "vitest";
import { EventTypes } from "./event-types.ts";
import { exampleData } from "./examples.ts";
import { parseEventData } from "./parse.ts";
import { createEvent } from "./create-event.ts";

describe("parseEventData", () => {
  it("returns typed data for a valid event", () => {
    const r = parseEventData({ type: EventTypes.periodClosed, data: exampleData[EventTypes.periodClosed][0] });
    expect(r.ok).toBe(true);
    if (r.ok && r.type === EventTypes.periodClosed) expect(r.data.period).toBe("2027-01");
  });

  it("names the unknown type with code E_EVENT_TYPE_UNKNOWN", () => {
    const r = parseEventData({ type: "gov.my.casemix.claims.chunk.eaten.v1", data: {} });
    expect(r).toMatchObject({ ok: false, error: { code: "E_EVENT_TYPE_UNKNOWN", field: "type" } });
  });

  it("names the offending field with its path", () => {
    const data = { ...exampleData[EventTypes.claimsChunkValidated][0], counts: { valid: -1, rejected: 0 } };
    const r = parseEventData({ type: EventTypes.claimsChunkValidated, data });
    expect(r).toMatchObject({ ok: false, error: { code: "E_EVENT_DATA_INVALID", field: "data.counts.valid" } });
  });

  it("lists every problem, not only the first", () => {
    const data = { ...exampleData[EventTypes.periodClosed][0], period: "x", runId: "y" };
    const r = parseEventData({ type: EventTypes.periodClosed, data });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.issues.map((i) => i.field).sort()).toEqual(["data.period", "data.runId"]);
  });

  it("refuses missing data", () => {
    const r = parseEventData({ type: EventTypes.batchCompleted, data: undefined });
    expect(r).toMatchObject({ ok: false, error: { code: "E_EVENT_DATA_INVALID", field: "data" } });
  });
});

describe("createEvent", () => {
  const data = exampleData[EventTypes.claimsChunkValidated][0];
  const make = (causeId: string, key?: string) =>
    createEvent({ type: EventTypes.claimsChunkValidated, from: "validate", data, causeId, key, traceparent: "00-abc-def-01", time: "2027-01-01T00:00:00Z" });

  it("derives id, source, subject and partition key from the contract", () => {
    expect(make("evt_in")).toMatchObject({
      specversion: "1.0", source: "/casemix/validate", subject: "bat_01HX/chk_01HX-0", partitionkey: "HKL", traceparent: "00-abc-def-01",
    });
  });

  it("gives the same id for the same cause, so a redelivered input repeats its output", () => {
    expect(make("evt_in").id).toBe(make("evt_in").id);
    expect(make("evt_in").id).not.toBe(make("evt_other").id);
  });

  it("a fan-out key tells apart several events from one cause", () => {
    expect(make("evt_in", "0").id).not.toBe(make("evt_in", "1").id);
  });

  it("what it creates parses", () => {
    expect(parseEventData(make("evt_in")).ok).toBe(true);
  });
});
