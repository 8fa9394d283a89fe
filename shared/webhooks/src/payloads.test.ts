import { describe, expect, it } from "vitest";
import { exampleData, type CasemixEvent } from "@casemix/events";
import { OUTCOME_EVENT_TYPES } from "./event-types.ts";
import { buildWebhookPayload } from "./payloads.ts";

const base = { publicBaseUrl: "https://casemix.example/api/v1/" };
const event = (type: string, data: unknown, extra: Partial<CasemixEvent> = {}): CasemixEvent => ({
  specversion: "1.0", id: "evt_1", source: "/casemix/test", type, time: "2027-02-01T09:00:00+08:00", data, ...extra,
});
const body = (e: CasemixEvent) => {
  const built = buildWebhookPayload(e, base);
  if (!built.ok) throw new Error(built.error.message);
  return JSON.parse(built.value.body);
};

describe("buildWebhookPayload", () => {
  it("a completed batch becomes its counts, total and links, with the event time as timestamp", () => {
    expect(body(event(OUTCOME_EVENT_TYPES.batchCompleted, exampleData[OUTCOME_EVENT_TYPES.batchCompleted][0]))).toEqual({
      type: "gov.my.casemix.batch.completed.v1",
      timestamp: "2027-02-01T01:00:00.000Z",
      data: {
        batchId: "bat_01HX", hospitalCode: "HKL", totalSen: "2469135780",
        counts: { received: 10000, rejected: 20, duplicate: 16, superseded: 4, ungroupable: 10, final: 9940, underReview: 10 },
        links: { batch: "https://casemix.example/api/v1/batches/bat_01HX", results: "https://casemix.example/api/v1/batches/bat_01HX/result.csv" },
      },
    });
  });

  it("a completed batch concerns its hospital", () => {
    const built = buildWebhookPayload(event(OUTCOME_EVENT_TYPES.batchCompleted, exampleData[OUTCOME_EVENT_TYPES.batchCompleted][0]), base);
    expect(built.ok && built.value.hospitalCode).toBe("HKL");
  });

  it("a priced period concerns no single hospital, whatever its partition key", () => {
    const built = buildWebhookPayload(event(OUTCOME_EVENT_TYPES.periodPriced, exampleData[OUTCOME_EVENT_TYPES.periodPriced][0], { partitionkey: "period:2027-01" }), base);
    expect(built.ok && built.value.hospitalCode).toBeUndefined();
    expect(built.ok && JSON.parse(built.value.body).data).toMatchObject({ runId: "run_2027-01-close", totalSen: "98765432100", deltaSen: null });
  });

  it("a published report links to the report and never names its object key", () => {
    const data = body(event(OUTCOME_EVENT_TYPES.reportPublished, exampleData[OUTCOME_EVENT_TYPES.reportPublished][0])).data;
    expect(data.links.download).toBe("https://casemix.example/api/v1/report-files/rpt_5");
    expect(JSON.stringify(data)).not.toContain("exports/");
  });

  it("an applied appeal carries the decision, the before and after results and the adjustment run, and links to the appeal", () => {
    const data = body(event(OUTCOME_EVENT_TYPES.appealTransitioned, exampleData[OUTCOME_EVENT_TYPES.appealTransitioned][1]!)).data;
    expect(data).toMatchObject({ from: "decided", to: "applied", decision: "overturned", after: { drg: "FM11", totalSen: "1830000" }, adjustmentRunId: "run_adj_2027-01_a1" });
    expect(data.links.appeal).toBe("https://casemix.example/api/v1/appeals/apl_7");
  });

  it("a filed appeal's webhook says so, with nothing decided yet", () => {
    const data = body(event(OUTCOME_EVENT_TYPES.appealTransitioned, exampleData[OUTCOME_EVENT_TYPES.appealTransitioned][0]!)).data;
    expect(data).toMatchObject({ from: null, to: "filed", decision: null, before: null, after: null });
  });

  it("an escalated appeal names the state whose deadline passed", () => {
    const data = body(event(OUTCOME_EVENT_TYPES.appealEscalated, exampleData[OUTCOME_EVENT_TYPES.appealEscalated][0]!)).data;
    expect(data).toMatchObject({ state: "under_review", deadline: "2027-03-06T09:00:00+08:00" });
  });

  it("the same event always gives the same bytes", () => {
    const e = event(OUTCOME_EVENT_TYPES.periodPriced, exampleData[OUTCOME_EVENT_TYPES.periodPriced][0]);
    const a = buildWebhookPayload(e, base);
    const b = buildWebhookPayload(structuredClone(e), base);
    expect(a.ok && b.ok && a.value.body === b.value.body).toBe(true);
  });

  it("data that breaks the event contract is refused, naming the field", () => {
    const { reportId: _, ...rest } = exampleData[OUTCOME_EVENT_TYPES.reportPublished][0]!;
    const built = buildWebhookPayload(event(OUTCOME_EVENT_TYPES.reportPublished, rest), base);
    expect(built.ok ? "" : built.error.message).toMatch(/^data\.reportId/);
  });

  it("an event type notify does not deliver is refused", () => {
    const built = buildWebhookPayload(event("gov.my.casemix.claims.chunk.validated.v1", {}), base);
    expect(built.ok || built.error.code).toBe("E_EVENT_TYPE_UNSUPPORTED");
  });

  it("an event without time is refused, since the payload timestamp must not depend on the clock", () => {
    const built = buildWebhookPayload(event(OUTCOME_EVENT_TYPES.batchCompleted, exampleData[OUTCOME_EVENT_TYPES.batchCompleted][0], { time: undefined }), base);
    expect(built.ok || built.error.code).toBe("E_PAYLOAD_INVALID");
  });
});
