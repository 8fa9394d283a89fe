import { EventTypes, type EventType } from "./event-types.ts";
import type { EventDataOf } from "./data-schemas.ts";

type AnyData = Record<string, unknown>;

/**
 * The `partitionkey` extension, used as the Kafka record key so one hospital's events stay in order
 * (DESIGN.md "Events"); the Knative Kafka broker keys records by it too.
 *
 * The hospital code when the data has one. Events about no single hospital fall back to a prefixed
 * key, which can never equal a hospital code (codes have no colon):
 * - period events: `period:<YYYY-MM>` (all chunks of a run share a partition unless sliced per hospital),
 * - config published: `config:<kind>` (versions of one kind stay in order),
 * - a MyGDX notification: `target:mygdx`,
 * - the scheduler's tick: `schedule:<name>`; the appeal deadline check: `schedule:appeal-deadlines`.
 *
 * @example
 * partitionKeyOf(EventTypes.periodClosed, { period: "2027-01", ... }) // "period:2027-01"
 */
export function partitionKeyOf<T extends EventType>(type: T, data: EventDataOf<T>): string {
  const d = data as AnyData;
  if (typeof d.hospitalCode === "string") return d.hospitalCode;
  if (typeof d.period === "string") return `period:${d.period}`;
  if (type === EventTypes.configPublished) return `config:${String(d.kind)}`;
  if (typeof d.target === "string") return `target:${d.target}`;
  if (type === EventTypes.schedulerTicked) return `schedule:${String(d.schedule)}`;
  if (type === EventTypes.appealDeadlinesReached) return "schedule:appeal-deadlines";
  throw new Error(`no partition key rule for ${type}`);
}

/**
 * The CloudEvents `subject`: what the event is about, in a fixed shape per type so that Triggers can
 * filter on it (e.g. `prefix: { subject: "tariff/" }` for tariff versions only).
 * - chunk events: `<batchId>/<chunkId>`; batch completed: `<batchId>`
 * - period events: `<period>/<runId>`, a period chunk: `<period>/<runId>/<chunkIndex>`
 * - config published: `<kind>/<versionId>`; report: `<kind>/<reportId>`
 * - appeals: `<claimId>/<appealId>`; the appeal deadline check: `appeal-deadlines`; notifications: `<notificationId>`
 * - the PingSource tick has no subject (Knative sets none).
 */
export function subjectOf<T extends EventType>(type: T, data: EventDataOf<T>): string | undefined {
  const d = data as AnyData;
  switch (type) {
    case EventTypes.batchCompleted:
      return String(d.batchId);
    case EventTypes.periodClosed:
    case EventTypes.periodPriced:
      return `${d.period}/${d.runId}`;
    case EventTypes.periodChunkScheduled:
      return `${d.period}/${d.runId}/${d.chunkIndex}`;
    case EventTypes.configPublished:
      return `${d.kind}/${d.versionId}`;
    case EventTypes.reportPublished:
      return `${d.kind}/${d.reportId}`;
    case EventTypes.appealTransitioned:
    case EventTypes.appealEscalated:
      return `${d.claimId}/${d.appealId}`;
    case EventTypes.appealDeadlinesReached:
      return "appeal-deadlines";
    case EventTypes.notificationDelivered:
    case EventTypes.notificationFailed:
      return String(d.notificationId);
    case EventTypes.schedulerTicked:
      return undefined;
    default:
      return `${d.batchId}/${d.chunkId}`;
  }
}
