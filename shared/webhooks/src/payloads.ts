import { z } from "zod";
import type { CasemixEvent } from "@casemix/events";
import { webhookError, type Result } from "./errors.ts";
import { OUTCOME_EVENT_TYPES, type OutcomeEventType } from "./event-types.ts";

// The webhook body of each outcome event type. Compact on purpose: counts, identifiers and links
// to the authenticated API, never claim rows or files (a webhook body ends up in receivers' logs).
// The shapes are documented with examples in shared/webhooks/README.md; changing one means a new
// event type version.

const Sen = z.string().regex(/^-?\d+$/, "an integer amount in sen, as a string");
const Period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "a period YYYY-MM");
const Id = z.string().min(1).max(200);

/** Data of a `batch.completed` event as notify reads it (other fields are ignored). */
export const BatchCompletedInputSchema = z.object({
  batchId: Id,
  hospitalCode: Id,
  period: Period.optional(),
  counts: z.object({
    received: z.number().int().nonnegative(),
    final: z.number().int().nonnegative(),
    rejected: z.number().int().nonnegative(),
    duplicate: z.number().int().nonnegative().default(0),
    superseded: z.number().int().nonnegative().default(0),
    ungroupable: z.number().int().nonnegative().default(0),
  }),
  totalPaymentSen: Sen.optional(),
});

/** Data of a `period.priced` event as notify reads it. */
export const PeriodPricedInputSchema = z.object({
  period: Period,
  runId: Id,
  hospitalCode: Id.optional(),
  counts: z.object({ claims: z.number().int().nonnegative(), priced: z.number().int().nonnegative() }),
  totalPaymentSen: Sen,
});

/** Data of a `report.published` event as notify reads it. */
export const ReportPublishedInputSchema = z.object({
  reportId: Id,
  reportKind: Id,
  period: Period,
  hospitalCode: Id.optional(),
});

/** Data of an `appeal.decided` event as notify reads it. */
export const AppealDecidedInputSchema = z.object({
  appealId: Id,
  claimId: Id,
  hospitalCode: Id,
  decision: z.enum(["upheld", "partially-upheld", "dismissed"]),
  paymentDifferenceSen: Sen.optional(),
});

/** The Standard Webhooks envelope: `{ type, timestamp, data }`. */
export type WebhookPayload = { type: OutcomeEventType; timestamp: string; data: Record<string, unknown> };

/** A payload ready to send: its serialised body and the hospital it concerns (if any). */
export type BuiltPayload = { type: OutcomeEventType; hospitalCode?: string; body: string };

/** Where links in payloads point: the public base URL of the casemix API. */
export type PayloadOptions = { publicBaseUrl: string };

function link(base: string, ...segments: string[]): string {
  return base.replace(/\/+$/, "") + "/" + segments.map(encodeURIComponent).join("/");
}

type Builder = (data: unknown, base: string) => Result<{ hospitalCode?: string; data: Record<string, unknown> }>;

function parse<S extends z.ZodType>(schema: S, data: unknown): Result<z.infer<S>> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, error: webhookError("E_PAYLOAD_INVALID", `data.${issue?.path.join(".")}: ${issue?.message}`) };
}

const builders: Record<OutcomeEventType, Builder> = {
  [OUTCOME_EVENT_TYPES.batchCompleted]: (raw, base) => {
    const r = parse(BatchCompletedInputSchema, raw);
    if (!r.ok) return r;
    const d = r.value;
    return { ok: true, value: { hospitalCode: d.hospitalCode, data: {
      batchId: d.batchId, hospitalCode: d.hospitalCode, period: d.period ?? null, counts: d.counts,
      totalPaymentSen: d.totalPaymentSen ?? null,
      links: { batch: link(base, "batches", d.batchId), results: link(base, "batches", d.batchId, "results") },
    } } };
  },
  [OUTCOME_EVENT_TYPES.periodPriced]: (raw, base) => {
    const r = parse(PeriodPricedInputSchema, raw);
    if (!r.ok) return r;
    const d = r.value;
    return { ok: true, value: { hospitalCode: d.hospitalCode, data: {
      period: d.period, runId: d.runId, hospitalCode: d.hospitalCode ?? null, counts: d.counts, totalPaymentSen: d.totalPaymentSen,
      links: { period: link(base, "periods", d.period), run: link(base, "periods", d.period, "runs", d.runId) },
    } } };
  },
  [OUTCOME_EVENT_TYPES.reportPublished]: (raw, base) => {
    const r = parse(ReportPublishedInputSchema, raw);
    if (!r.ok) return r;
    const d = r.value;
    return { ok: true, value: { hospitalCode: d.hospitalCode, data: {
      reportId: d.reportId, reportKind: d.reportKind, period: d.period, hospitalCode: d.hospitalCode ?? null,
      links: { report: link(base, "reports", d.reportId) },
    } } };
  },
  [OUTCOME_EVENT_TYPES.appealDecided]: (raw, base) => {
    const r = parse(AppealDecidedInputSchema, raw);
    if (!r.ok) return r;
    const d = r.value;
    return { ok: true, value: { hospitalCode: d.hospitalCode, data: {
      appealId: d.appealId, claimId: d.claimId, hospitalCode: d.hospitalCode, decision: d.decision,
      paymentDifferenceSen: d.paymentDifferenceSen ?? null,
      links: { appeal: link(base, "appeals", d.appealId), claim: link(base, "claims", d.claimId) },
    } } };
  },
};

/**
 * Turns an outcome event into its webhook body. Deterministic: the same event always gives the same
 * bytes (the timestamp is the event's `time`, not the clock), so a replay sends what was sent before.
 *
 * @example
 * buildWebhookPayload(batchCompletedEvent, { publicBaseUrl: "https://casemix.example/api" })
 * // { ok: true, value: { type: "gov.my.casemix.batch.completed.v1", hospitalCode: "H001", body: "{\"type\":..." } }
 */
export function buildWebhookPayload(event: CasemixEvent, options: PayloadOptions): Result<BuiltPayload> {
  const builder = (builders as Record<string, Builder | undefined>)[event.type];
  if (!builder) return { ok: false, error: webhookError("E_EVENT_TYPE_UNSUPPORTED", `notify does not deliver ${event.type}`) };
  if (!event.time || Number.isNaN(Date.parse(event.time))) {
    return { ok: false, error: webhookError("E_PAYLOAD_INVALID", "the event has no valid `time`; it becomes the payload timestamp") };
  }
  const built = builder(event.data, options.publicBaseUrl);
  if (!built.ok) return built;
  const payload: WebhookPayload = { type: event.type as OutcomeEventType, timestamp: new Date(event.time).toISOString(), data: built.value.data };
  const hospitalCode = built.value.hospitalCode ?? (typeof event.partitionkey === "string" ? event.partitionkey : undefined);
  return { ok: true, value: { type: payload.type, ...(hospitalCode ? { hospitalCode } : {}), body: JSON.stringify(payload) } };
}
