import { EventTypes, parseEventData, type CasemixEvent, type EventDataOf } from "@casemix/events";
import { webhookError, type Result } from "./errors.ts";
import { isOutcomeEventType, type OutcomeEventType } from "./event-types.ts";

// The webhook body of each outcome event type, built from the event's data as the contract
// (`@casemix/events` data schemas) defines it. Compact on purpose: counts, identifiers and links to
// the authenticated API; never claim rows, object-store keys, reviewers' names or free text (a
// webhook body ends up in receivers' logs). Shapes and examples: shared/webhooks/README.md.
// Changing a shape means a new event type version.

/** The Standard Webhooks envelope: `{ type, timestamp, data }`. */
export type WebhookPayload = { type: OutcomeEventType; timestamp: string; data: Record<string, unknown> };

/** A payload ready to send: its serialised body and the hospital it concerns, if one. */
export type BuiltPayload = { type: OutcomeEventType; hospitalCode?: string; body: string };

/**
 * Where links in payloads point: the public URL the API's `/v1` paths are served under, ending in `/v1`
 * (e.g. `https://casemix.moh.gov.my/api/v1`). Every link is a route of the mesh that the payload's
 * recipient may read with its own token (tested by following each one: e2e webhook-links.test.ts).
 */
export type PayloadOptions = { publicBaseUrl: string };

type Built = { hospitalCode?: string; data: Record<string, unknown> };

function linker(base: string) {
  const root = base.replace(/\/+$/, "");
  return (...segments: string[]) => root + "/" + segments.map(encodeURIComponent).join("/");
}

/** `webhook.data` of `batch.completed`: how the batch ended, per terminal state, and its total. */
export function batchCompletedData(d: EventDataOf<typeof EventTypes.batchCompleted>, link: ReturnType<typeof linker>): Built {
  return {
    hospitalCode: d.hospitalCode,
    data: {
      batchId: d.batchId, hospitalCode: d.hospitalCode, counts: d.counts, totalSen: d.totalSen,
      links: { batch: link("batches", d.batchId), results: link("batches", d.batchId, "result.csv") },
    },
  };
}

/** `webhook.data` of `period.priced`: a pricing run of a period is done (national: MyGDX only). */
export function periodPricedData(d: EventDataOf<typeof EventTypes.periodPriced>, link: ReturnType<typeof linker>): Built {
  return {
    data: {
      period: d.period, runId: d.runId, runKind: d.runKind, claimCount: d.claimCount, totalSen: d.totalSen,
      deltaSen: d.deltaSen ?? null, tariffVersionIds: d.tariffVersionIds, pricedAt: d.pricedAt,
      links: { period: link("periods", d.period), run: link("runs", d.runId) },
    },
  };
}

/** `webhook.data` of `report.published`: what the report is and where to fetch it (not its key). */
export function reportPublishedData(d: EventDataOf<typeof EventTypes.reportPublished>, link: ReturnType<typeof linker>): Built {
  return {
    ...(d.hospitalCode ? { hospitalCode: d.hospitalCode } : {}),
    data: {
      reportId: d.reportId, kind: d.kind, format: d.format, sha256: d.sha256, rowCount: d.rowCount ?? null,
      period: d.period ?? null, hospitalCode: d.hospitalCode ?? null, batchId: d.batchId ?? null, publishedAt: d.publishedAt,
      links: {
        ...(d.period ? { report: link("reports", d.period) } : d.batchId ? { report: link("batches", d.batchId) } : {}),
        download: link("report-files", d.reportId),
      },
    },
  };
}

/** `webhook.data` of `appeal.transitioned`: the move, and the decision and results once known (not the reviewer or the note). */
export function appealTransitionedData(d: EventDataOf<typeof EventTypes.appealTransitioned>, link: ReturnType<typeof linker>): Built {
  return {
    hospitalCode: d.hospitalCode,
    data: {
      appealId: d.appealId, claimId: d.claimId, claimVersion: d.claimVersion, hospitalCode: d.hospitalCode, seq: d.seq,
      from: d.from, to: d.to, at: d.at, reasonCode: d.reasonCode, decision: d.decision ?? null,
      before: d.before ?? null, after: d.after ?? null, adjustmentRunId: d.adjustmentRunId ?? null,
      links: { appeal: link("appeals", d.appealId) },
    },
  };
}

/** `webhook.data` of `appeal.escalated`: which state's deadline passed. */
export function appealEscalatedData(d: EventDataOf<typeof EventTypes.appealEscalated>, link: ReturnType<typeof linker>): Built {
  return {
    hospitalCode: d.hospitalCode,
    data: {
      appealId: d.appealId, claimId: d.claimId, claimVersion: d.claimVersion, hospitalCode: d.hospitalCode,
      state: d.state, stateSince: d.stateSince, deadline: d.deadline, escalatedAt: d.escalatedAt,
      links: { appeal: link("appeals", d.appealId) },
    },
  };
}

/**
 * Turns an outcome event into its webhook body. Deterministic: the same event always gives the same
 * bytes (the timestamp is the event's `time`, not the clock), so a replay sends what was sent before.
 *
 * @example
 * buildWebhookPayload(batchCompletedEvent, { publicBaseUrl: "https://casemix.example/api/v1" })
 * // { ok: true, value: { type: "gov.my.casemix.batch.completed.v1", hospitalCode: "HKL", body: "{\"type\":..." } }
 */
export function buildWebhookPayload(event: CasemixEvent, options: PayloadOptions): Result<BuiltPayload> {
  if (!isOutcomeEventType(event.type)) return { ok: false, error: webhookError("E_EVENT_TYPE_UNSUPPORTED", `notify does not deliver ${event.type}`) };
  if (!event.time || Number.isNaN(Date.parse(event.time))) {
    return { ok: false, error: webhookError("E_PAYLOAD_INVALID", "the event has no valid `time`; it becomes the payload timestamp") };
  }
  const parsed = parseEventData(event);
  if (!parsed.ok) return { ok: false, error: webhookError("E_PAYLOAD_INVALID", parsed.error.message) };
  const link = linker(options.publicBaseUrl);
  let built: Built;
  switch (parsed.type) {
    case EventTypes.batchCompleted:
      built = batchCompletedData(parsed.data, link);
      break;
    case EventTypes.periodPriced:
      built = periodPricedData(parsed.data, link);
      break;
    case EventTypes.reportPublished:
      built = reportPublishedData(parsed.data, link);
      break;
    case EventTypes.appealTransitioned:
      built = appealTransitionedData(parsed.data, link);
      break;
    case EventTypes.appealEscalated:
      built = appealEscalatedData(parsed.data, link);
      break;
    default:
      return { ok: false, error: webhookError("E_EVENT_TYPE_UNSUPPORTED", `notify does not deliver ${event.type}`) };
  }
  const payload: WebhookPayload = { type: event.type, timestamp: new Date(event.time).toISOString(), data: built.data };
  return { ok: true, value: { type: payload.type, ...(built.hospitalCode ? { hospitalCode: built.hospitalCode } : {}), body: JSON.stringify(payload) } };
}
