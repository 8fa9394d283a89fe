import { z } from "zod";
import {
  AppealEscalatedDataSchema, AppealTransitionedDataSchema, BatchCompletedDataSchema, exampleData, InstantSchema, PeriodPricedDataSchema, ReportPublishedDataSchema,
  type CasemixEvent,
} from "@casemix/events";
import { OUTCOME_EVENT_TYPES, type OutcomeEventType } from "./event-types.ts";
import { buildWebhookPayload } from "./payloads.ts";

// The body of each webhook notify sends, as a schema: what payloads.ts builds, field for field, from
// the event contract's data schemas (so a field's form is stated once). payload-schemas.test.ts builds
// every payload and parses it with these, strictly: a payload that grows a field fails until it is here.

const link = z.string().url();
const nullable = <T extends z.ZodType>(s: T) => s.nullable();

const BatchCompletedPayloadData = BatchCompletedDataSchema.pick({ batchId: true, hospitalCode: true, counts: true, totalSen: true }).extend({
  links: z.strictObject({ batch: link, results: link }),
});

const PeriodPricedPayloadData = PeriodPricedDataSchema.pick({ period: true, runId: true, runKind: true, claimCount: true, totalSen: true, tariffVersionIds: true, pricedAt: true }).extend({
  deltaSen: nullable(PeriodPricedDataSchema.shape.deltaSen.unwrap()),
  links: z.strictObject({ period: link, run: link }),
});

const r = ReportPublishedDataSchema.shape;
const ReportPublishedPayloadData = ReportPublishedDataSchema.pick({ reportId: true, kind: true, format: true, sha256: true, publishedAt: true }).extend({
  rowCount: nullable(r.rowCount.unwrap()),
  period: nullable(r.period.unwrap()),
  hospitalCode: nullable(r.hospitalCode.unwrap()),
  batchId: nullable(r.batchId.unwrap()),
  links: z.strictObject({ report: link.optional(), download: link }),
});

const t = AppealTransitionedDataSchema.shape;
const AppealTransitionedPayloadData = AppealTransitionedDataSchema.pick({ appealId: true, claimId: true, claimVersion: true, hospitalCode: true, seq: true, from: true, to: true, at: true, reasonCode: true }).extend({
  decision: nullable(t.decision.unwrap()),
  before: nullable(t.before.unwrap()),
  after: nullable(t.after.unwrap()),
  adjustmentRunId: nullable(t.adjustmentRunId.unwrap()),
  links: z.strictObject({ appeal: link }),
});

const AppealEscalatedPayloadData = AppealEscalatedDataSchema.pick({ appealId: true, claimId: true, claimVersion: true, hospitalCode: true, state: true, stateSince: true, deadline: true, escalatedAt: true }).extend({
  links: z.strictObject({ appeal: link }),
});

const envelope = <T extends OutcomeEventType, D extends z.ZodType>(type: T, data: D) =>
  z.strictObject({ type: z.literal(type), timestamp: InstantSchema, data });

/** The Standard Webhooks body of each outcome event type. */
export const WEBHOOK_PAYLOAD_SCHEMAS = {
  [OUTCOME_EVENT_TYPES.batchCompleted]: envelope(OUTCOME_EVENT_TYPES.batchCompleted, BatchCompletedPayloadData),
  [OUTCOME_EVENT_TYPES.periodPriced]: envelope(OUTCOME_EVENT_TYPES.periodPriced, PeriodPricedPayloadData),
  [OUTCOME_EVENT_TYPES.reportPublished]: envelope(OUTCOME_EVENT_TYPES.reportPublished, ReportPublishedPayloadData),
  [OUTCOME_EVENT_TYPES.appealTransitioned]: envelope(OUTCOME_EVENT_TYPES.appealTransitioned, AppealTransitionedPayloadData),
  [OUTCOME_EVENT_TYPES.appealEscalated]: envelope(OUTCOME_EVENT_TYPES.appealEscalated, AppealEscalatedPayloadData),
} as const satisfies Record<OutcomeEventType, z.ZodType>;

/** The payload's JSON Schema (2020-12, as OpenAPI 3.1 reads it). */
export function webhookPayloadJsonSchema(type: OutcomeEventType): Record<string, unknown> {
  const { $schema: _, ...schema } = z.toJSONSchema(WEBHOOK_PAYLOAD_SCHEMAS[type], { target: "draft-2020-12" }) as Record<string, unknown>;
  return schema;
}

/** A payload built by notify itself from the contract's example event of `type`. */
export function examplePayload(type: OutcomeEventType, publicBaseUrl = "https://casemix.moh.gov.my/api/v1"): unknown {
  const event = { specversion: "1.0", id: "evt_example", source: "/casemix/example", type, time: "2027-02-01T01:00:00Z", data: exampleData[type][0] } as unknown as CasemixEvent;
  const built = buildWebhookPayload(event, { publicBaseUrl });
  if (!built.ok) throw new Error(`${type}: ${built.error.message}`);
  return JSON.parse(built.value.body);
}

