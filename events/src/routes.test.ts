import { describe, expect, it } from "vitest";
import { EventTypes, eventTypeNames, isEventType, type EventType } from "./event-types.ts";
import { exampleData } from "./examples.ts";
import { partitionKeyOf, subjectOf } from "./keys.ts";
import { matchesFilters } from "./filters.ts";
import { validateFilters } from "./filter-validation.ts";
import { MIN_TOTAL_BACKOFF_MS, parseIsoDuration, totalBackoffMs } from "./delivery.ts";
import { FunctionNames, functions, mesh, routes, routesOf, schedules, unroutedEventTypes } from "./routes.ts";

const K8S_NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const functionByName = new Map(functions.map((f) => [f.name, f]));

/** Attributes of realistic events of a type, one per example (subject and partition key derived). */
function sampleAttributes(type: EventType) {
  return exampleData[type].map((data) => {
    const subject = subjectOf(type, data);
    return { specversion: "1.0", id: "evt_x", type, source: "/casemix/test", partitionkey: partitionKeyOf(type, data), ...(subject ? { subject } : {}) };
  });
}

describe("functions", () => {
  it("are the eleven of the design, each once, with Kubernetes-valid names", () => {
    expect(functions.map((f) => f.name).sort()).toEqual(Object.values(FunctionNames).sort());
    for (const f of functions) expect(f.name).toMatch(K8S_NAME);
  });

  it("that take requests from outside and emit events are senders", () => {
    for (const name of [FunctionNames.intake, FunctionNames.adminConfig, FunctionNames.appeals]) expect(functionByName.get(name)?.sends, name).toBe(true);
  });

  it("that emit events from background work, not as a reply, are senders (notify's webhook audit trail)", () => {
    expect(functionByName.get(FunctionNames.notify)?.sends).toBe(true);
  });

  it("keep Knative's default maximum request timeout of 600 s", () => {
    for (const f of functions) expect(f.timeoutSeconds, f.name).toBeLessThanOrEqual(600);
  });
});

describe("routes", () => {
  it("have unique names that are valid Trigger names", () => {
    expect(new Set(routes.map((r) => r.name)).size).toBe(routes.length);
    for (const r of routes) expect(r.name).toMatch(K8S_NAME);
  });

  it("each reference a known function and known types", () => {
    for (const r of routes) {
      expect(functionByName.has(r.subscriber), r.name).toBe(true);
      expect(r.types.length, r.name).toBeGreaterThan(0);
      for (const t of r.types) expect(isEventType(t), `${r.name}: ${t}`).toBe(true);
    }
  });

  it("have filters Knative would admit", () => {
    for (const r of routes) expect(validateFilters(r.filters), r.name).toEqual([]);
  });

  it("select exactly the types they declare, judged on example events", () => {
    for (const r of routes) {
      for (const type of eventTypeNames) {
        const matched = sampleAttributes(type).some((a) => matchesFilters(r.filters, a));
        expect(matched, `${r.name} x ${type}`).toBe(r.types.includes(type));
      }
    }
  });

  it("send each kind of configuration only to the functions that cache it", () => {
    const receivers = (kind: string) =>
      routes
        .filter((r) => sampleAttributes(EventTypes.configPublished).some((a) => a.subject?.startsWith(`${kind}/`) && matchesFilters(r.filters, a)))
        .map((r) => r.subscriber)
        .sort();
    expect(receivers("definition")).toEqual(["group", "validate"]);
    expect(receivers("codeset")).toEqual(["validate"]);
    expect(receivers("tariff")).toEqual(["price"]);
    expect(receivers("hospitals")).toEqual(["price", "validate"]);
  });

  it("leave no type without a subscriber unless it is listed as unrouted, with a reason", () => {
    for (const type of eventTypeNames) {
      const routed = routes.some((r) => r.types.includes(type));
      expect(routed || Boolean(unroutedEventTypes[type]), type).toBe(true);
      expect(routed && Boolean(unroutedEventTypes[type]), `${type} is routed and listed as unrouted`).toBe(false);
    }
  });

  it("carry the claims chain from intake to report in order", () => {
    const next = (type: EventType) => routes.filter((r) => r.types.includes(type)).map((r) => r.subscriber);
    expect(next(EventTypes.claimsChunkReceived)).toEqual(["validate"]);
    expect(next(EventTypes.claimsChunkValidated)).toEqual(["dedupe"]);
    expect(next(EventTypes.claimsChunkDeduplicated)).toEqual(["group"]);
    expect(next(EventTypes.claimsChunkGrouped)).toEqual(["price"]);
    expect(next(EventTypes.claimsChunkPriced)).toEqual(["flag-outlier"]);
    expect(next(EventTypes.claimsChunkFlagged)).toEqual(["report"]);
    expect(next(EventTypes.periodClosed)).toEqual(["price"]);
    expect(next(EventTypes.periodPriced)).toEqual(["report", "notify"]);
    expect(next(EventTypes.claimsChunkRejected)).toEqual(["report"]);
    expect(next(EventTypes.schedulerTicked)).toEqual(["scheduler"]);
  });

  it("retry with backoff totalling at least two minutes before dead-lettering", () => {
    for (const r of routes) {
      expect(r.delivery.deadLetter, r.name).toBe(true);
      expect(totalBackoffMs(r.delivery), r.name).toBeGreaterThanOrEqual(MIN_TOTAL_BACKOFF_MS);
    }
  });

  it("time an attempt out before the subscriber's own request timeout", () => {
    for (const r of routes) {
      const timeout = parseIsoDuration(r.delivery.timeout ?? "PT0S");
      expect(timeout, r.name).toBeGreaterThan(0);
      expect(timeout, r.name).toBeLessThan(functionByName.get(r.subscriber)!.timeoutSeconds * 1000);
    }
  });

  it("keep the order of a hospital's claims until dedupe has seen them", () => {
    expect(routes.filter((r) => r.ordered).map((r) => r.name).sort()).toEqual(["dedupe-claims-validated", "validate-claims-received"]);
  });

  it("routesOf lists one function's routes", () => {
    expect(routesOf("price").map((r) => r.name)).toContain("price-period-runs");
    expect(routesOf("intake")).toEqual([]);
  });
});

describe("schedules", () => {
  it("have five-field crons and real IANA time zones", () => {
    for (const s of schedules) {
      expect(s.cron.split(" "), s.name).toHaveLength(5);
      expect(() => new Intl.DateTimeFormat("en", { timeZone: s.timezone }), s.name).not.toThrow();
      expect(s.name).toMatch(K8S_NAME);
    }
  });

  it("include the daily month-end tick at 00:05 Kuala Lumpur time", () => {
    expect(schedules).toContainEqual(expect.objectContaining({ name: "month-end", cron: "5 0 * * *", timezone: "Asia/Kuala_Lumpur" }));
  });

  it("reach the scheduler, whose tick data names a schedule", () => {
    expect(routesOf("scheduler").flatMap((r) => r.types)).toEqual([EventTypes.schedulerTicked]);
    for (const d of exampleData[EventTypes.schedulerTicked]) expect(schedules.map((s) => s.name)).toContain(d.schedule);
  });
});

describe("mesh names", () => {
  it("are valid Kubernetes names", () => {
    for (const n of [mesh.namespace, mesh.broker, mesh.deadLetter.name, mesh.deadLetter.reader]) expect(n).toMatch(K8S_NAME);
  });
});
