import { describe, expect, it } from "vitest";
import type { CasemixEvent } from "@casemix/events";
import { OUTCOME_EVENT_TYPES } from "./event-types.ts";
import { buildWebhookPayload } from "./payloads.ts";

const base = { publicBaseUrl: "https://casemix.example/api/v1/" };
const event = (type: string, data: unknown, extra: Partial<CasemixEvent> = {}): CasemixEvent => ({
  specversion: "1.0", id: "evt_1", source: "/casemix/test", type, time: "2026-11-28T04:00:00+08:00", data, ...extra,
});

describe("buildWebhookPayload", () => {
  it("a completed batch becomes counts and links, with the event time as timestamp", () => {
    const built = buildWebhookPayload(
      event(OUTCOME_EVENT_TYPES.batchCompleted, {
        batchId: "bat_9", hospitalCode: "H001", period: "2026-10", totalPaymentSen: "123456",
        counts: { received: 10, final: 7, rejected: 2, duplicate: 1 },
        claims: [{ claimId: "clm_1", mrn: "secret" }],
      }),
      base,
    );
    expect(built.ok && built.value.hospitalCode).toBe("H001");
    expect(built.ok && JSON.parse(built.value.body)).toEqual({
      type: "gov.my.casemix.batch.completed.v1",
      timestamp: "2026-11-27T20:00:00.000Z",
      data: {
        batchId: "bat_9", hospitalCode: "H001", period: "2026-10", totalPaymentSen: "123456",
        counts: { received: 10, final: 7, rejected: 2, duplicate: 1, superseded: 0, ungroupable: 0 },
        links: { batch: "https://casemix.example/api/v1/batches/bat_9", results: "https://casemix.example/api/v1/batches/bat_9/results" },
      },
    });
  });

  it("never copies claim rows into the body", () => {
    const built = buildWebhookPayload(
      event(OUTCOME_EVENT_TYPES.batchCompleted, { batchId: "b", hospitalCode: "H1", counts: { received: 1, final: 1, rejected: 0 }, claims: [{ mrn: "S123" }] }),
      base,
    );
    expect(built.ok && built.value.body).not.toContain("S123");
  });

  it("the same event always gives the same bytes", () => {
    const e = event(OUTCOME_EVENT_TYPES.periodPriced, { period: "2026-10", runId: "run_1", counts: { claims: 5, priced: 5 }, totalPaymentSen: "99" });
    const a = buildWebhookPayload(e, base);
    const b = buildWebhookPayload(structuredClone(e), base);
    expect(a.ok && b.ok && a.value.body === b.value.body).toBe(true);
  });

  it("a published report links to the report", () => {
    const built = buildWebhookPayload(event(OUTCOME_EVENT_TYPES.reportPublished, { reportId: "rep_1", reportKind: "casemix-index", period: "2026-10" }), base);
    expect(built.ok && JSON.parse(built.value.body).data.links.report).toBe("https://casemix.example/api/v1/reports/rep_1");
  });

  it("a decided appeal names the decision and its hospital", () => {
    const built = buildWebhookPayload(event(OUTCOME_EVENT_TYPES.appealDecided, { appealId: "apl_1", claimId: "clm_1", hospitalCode: "H002", decision: "upheld" }), base);
    expect(built.ok && built.value.hospitalCode).toBe("H002");
    expect(built.ok && JSON.parse(built.value.body).data.decision).toBe("upheld");
  });

  it("data that misses a field is rejected naming the field", () => {
    const built = buildWebhookPayload(event(OUTCOME_EVENT_TYPES.reportPublished, { reportId: "rep_1", period: "2026-10" }), base);
    expect(built.ok ? "" : built.error.message).toMatch(/^data\.reportKind/);
  });

  it("an event type notify does not deliver is refused", () => {
    const built = buildWebhookPayload(event("gov.my.casemix.claim.validated.v1", {}), base);
    expect(built.ok || built.error.code).toBe("E_EVENT_TYPE_UNSUPPORTED");
  });

  it("an event without time is refused, since the payload timestamp must not depend on the clock", () => {
    const built = buildWebhookPayload(event(OUTCOME_EVENT_TYPES.reportPublished, { reportId: "r", reportKind: "k", period: "2026-10" }, { time: undefined }), base);
    expect(built.ok || built.error.code).toBe("E_PAYLOAD_INVALID");
  });
});
