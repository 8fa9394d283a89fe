import { describe, expect, it } from "vitest";
import { EVENT_TYPE_PATTERN, EventTypes, eventTypeNames, externalEventTypes, isEventType, sourceOf } from "./event-types.ts";

describe("event type names", () => {
  it("every type of ours follows gov.my.casemix.<entity>.<past-tense-verb>.v<N>", () => {
    const ours = eventTypeNames.filter((t) => !externalEventTypes.includes(t));
    expect(ours.length).toBeGreaterThan(15);
    for (const type of ours) expect(type, type).toMatch(EVENT_TYPE_PATTERN);
  });

  it("the pattern refuses a present-tense verb, a missing version and a foreign prefix", () => {
    expect("gov.my.casemix.claims.chunk.receive.v1").not.toMatch(EVENT_TYPE_PATTERN);
    expect("gov.my.casemix.claims.chunk.received").not.toMatch(EVENT_TYPE_PATTERN);
    expect("gov.my.casemix.claims.chunk.received.v0").not.toMatch(EVENT_TYPE_PATTERN);
    expect("com.example.claims.chunk.received.v1").not.toMatch(EVENT_TYPE_PATTERN);
  });

  it("the only external type is the PingSource tick, whose name Knative fixes", () => {
    expect(externalEventTypes).toEqual([EventTypes.schedulerTicked]);
    expect(EventTypes.schedulerTicked).toBe("dev.knative.sources.ping");
  });

  it("no two keys share a type name", () => {
    expect(new Set(eventTypeNames).size).toBe(eventTypeNames.length);
  });

  it("isEventType knows the table and nothing else", () => {
    expect(isEventType(EventTypes.periodClosed)).toBe(true);
    expect(isEventType("gov.my.casemix.period.closed.v9")).toBe(false);
    expect(isEventType(42)).toBe(false);
  });

  it("a function's events have source /casemix/<function>", () => {
    expect(sourceOf("flag-outlier")).toBe("/casemix/flag-outlier");
  });
});
