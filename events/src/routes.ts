import { EventTypes, type EventType } from "./event-types.ts";
import type { DeliverySpec, FunctionSpec, Route, Schedule } from "./routing-types.ts";

/**
 * THE ROUTING TABLE: which function receives which event types, with Knative filters and delivery.
 * The in-process bus, the Kafka dispatcher and the generated Knative Triggers (knative/) all read it.
 */

/** Names of the mesh's functions (DESIGN.md "Shape"). */
export const FunctionNames = {
  intake: "intake",
  validate: "validate",
  dedupe: "dedupe",
  group: "group",
  price: "price",
  flagOutlier: "flag-outlier",
  report: "report",
  notify: "notify",
  scheduler: "scheduler",
  adminConfig: "admin-config",
  appeals: "appeals",
  web: "web",
} as const;
export type FunctionName = (typeof FunctionNames)[keyof typeof FunctionNames];

const F = FunctionNames;

/**
 * Batches that carry an appeal's new claim version have ids `bat_apl-<appeal id tail>` (functions/appeals),
 * so appeals hears of their completion by subject and of no other batch's.
 */
export const APPEAL_BATCH_PREFIX = "bat_apl-";

/** Every function, its deployment needs, and whether it sends events beyond its reply. */
export const functions: readonly (FunctionSpec & { name: FunctionName })[] = [
  { name: F.intake, description: "REST, file upload and SFTP intake: raw file to landing chunks", sends: true, public: true, concurrency: 10, timeoutSeconds: 300, size: "large" },
  { name: F.validate, description: "Code-set and clinical edits per chunk; rejections as data", sends: true, public: false, concurrency: 4, timeoutSeconds: 150, size: "medium" },
  { name: F.dedupe, description: "Drops duplicates, lets corrections supersede originals", sends: false, public: false, concurrency: 4, timeoutSeconds: 150, size: "medium" },
  { name: F.group, description: "Assigns DRGs from the definition in force; also synchronous REST grouping", sends: true, public: true, concurrency: 4, timeoutSeconds: 150, size: "medium" },
  { name: F.price, description: "Prices chunks; closes periods as runs fanned out in chunks", sends: true, public: true, concurrency: 2, timeoutSeconds: 330, size: "large" },
  { name: F.flagOutlier, description: "Outlier checks; marks claims final; completes batches", sends: true, public: true, concurrency: 4, timeoutSeconds: 150, size: "medium" },
  { name: F.report, description: "Curated parquet, per-batch result files, period reports", sends: true, public: true, concurrency: 2, timeoutSeconds: 330, size: "large" },
  { name: F.notify, description: "Signed webhooks to hospitals and MyGDX", sends: true, public: true, concurrency: 20, timeoutSeconds: 90, size: "small" },
  { name: F.scheduler, description: "Turns PingSource ticks into domain events such as period.closed", sends: true, public: true, concurrency: 1, timeoutSeconds: 60, size: "small" },
  { name: F.adminConfig, description: "Code sets, definitions, tariffs, hospitals: versions and publishing", sends: true, public: true, concurrency: 10, timeoutSeconds: 300, size: "medium" },
  { name: F.appeals, description: "Hospitals dispute results; reviewers decide", sends: true, public: true, concurrency: 10, timeoutSeconds: 60, size: "small" },
  { name: F.web, description: "The web application for coders and reviewers: pages over the REST APIs", sends: false, public: true, concurrency: 50, timeoutSeconds: 60, size: "small" },
];

/**
 * Delivery settings. Exponential backoff from 1 s over 7 retries waits 1+2+...+64 = 127 s before the
 * dead-letter sink, so a function or database restart of a minute or two is ridden out
 * (DESIGN.md: at least two minutes). The timeout is per attempt and stays below each function's
 * request timeout.
 */
export const deliveries = {
  chunk: { retry: 7, backoffPolicy: "exponential", backoffDelay: "PT1S", deadLetter: true, timeout: "PT2M" },
  long: { retry: 7, backoffPolicy: "exponential", backoffDelay: "PT1S", deadLetter: true, timeout: "PT5M" },
  /** Config invalidation and ticks are small and quick. */
  quick: { retry: 7, backoffPolicy: "exponential", backoffDelay: "PT1S", deadLetter: true, timeout: "PT30S" },
  /** Webhook targets are outside our control: 10 retries from 2 s wait about 34 minutes in all. */
  webhook: { retry: 10, backoffPolicy: "exponential", backoffDelay: "PT2S", deadLetter: true, timeout: "PT1M" },
} as const satisfies Record<string, DeliverySpec>;

/** A route of this table: its declared types are known event types. */
export type CasemixRoute = Route & { subscriber: FunctionName; types: EventType[]; description: string };

const T = EventTypes;
const exactType = (type: EventType) => ({ exact: { type } });
const configOf = (...kinds: string[]) =>
  kinds.length === 1 ? { prefix: { subject: `${kinds[0]}/` } } : { any: kinds.map((k) => ({ prefix: { subject: `${k}/` } })) };

export const routes: readonly CasemixRoute[] = [
  {
    name: "validate-claims-received", subscriber: F.validate, types: [T.claimsChunkReceived],
    filters: [exactType(T.claimsChunkReceived)], delivery: deliveries.chunk, ordered: true,
    description: "Landing chunks are validated; ordered so a hospital's corrections follow their originals",
  },
  {
    name: "validate-config-published", subscriber: F.validate, types: [T.configPublished],
    filters: [exactType(T.configPublished), configOf("codeset", "definition", "hospitals")], delivery: deliveries.quick,
    description: "New code sets, definitions and hospital registers invalidate validate's cached configuration",
  },
  {
    name: "dedupe-claims-validated", subscriber: F.dedupe, types: [T.claimsChunkValidated],
    filters: [exactType(T.claimsChunkValidated)], delivery: deliveries.chunk, ordered: true,
    description: "Valid claims are de-duplicated in arrival order per hospital",
  },
  {
    name: "group-claims-deduplicated", subscriber: F.group, types: [T.claimsChunkDeduplicated],
    filters: [exactType(T.claimsChunkDeduplicated)], delivery: deliveries.chunk,
    description: "Unique claims are grouped",
  },
  {
    name: "group-config-published", subscriber: F.group, types: [T.configPublished],
    filters: [exactType(T.configPublished), configOf("definition")], delivery: deliveries.quick,
    description: "A new grouping definition invalidates group's cached tables",
  },
  {
    name: "price-claims-grouped", subscriber: F.price, types: [T.claimsChunkGrouped],
    filters: [exactType(T.claimsChunkGrouped)], delivery: deliveries.chunk,
    description: "Grouped claims are priced",
  },
  {
    name: "price-period-runs", subscriber: F.price, types: [T.periodClosed, T.periodChunkScheduled],
    filters: [{ prefix: { type: "gov.my.casemix.period." } }, { not: exactType(T.periodPriced) }],
    delivery: deliveries.long,
    description: "A closed period becomes a run of chunk events, each repriced; price's own period.priced is not for it",
  },
  {
    name: "price-config-published", subscriber: F.price, types: [T.configPublished],
    filters: [exactType(T.configPublished), configOf("tariff", "hospitals")], delivery: deliveries.quick,
    description: "New tariffs and hospital registers invalidate price's cache",
  },
  {
    name: "flag-outlier-claims-priced", subscriber: F.flagOutlier, types: [T.claimsChunkPriced],
    filters: [exactType(T.claimsChunkPriced)], delivery: deliveries.chunk,
    description: "Priced claims are checked for outliers and become final; the last chunk completes the batch",
  },
  {
    name: "report-claims-flagged", subscriber: F.report, types: [T.claimsChunkFlagged],
    filters: [exactType(T.claimsChunkFlagged)], delivery: deliveries.chunk,
    description: "Final claims are written to curated/ for analytics",
  },
  {
    name: "report-batch-completed", subscriber: F.report, types: [T.batchCompleted],
    filters: [exactType(T.batchCompleted)], delivery: deliveries.long,
    description: "A completed batch gets its result file",
  },
  {
    name: "report-period-priced", subscriber: F.report, types: [T.periodPriced],
    filters: [{ prefix: { type: "gov.my.casemix.period." } }, { suffix: { type: ".priced.v1" } }],
    delivery: deliveries.long,
    description: "A priced period gets its reports and hospital statements",
  },
  {
    name: "report-claims-rejected", subscriber: F.report, types: [T.claimsChunkRejected],
    filters: [exactType(T.claimsChunkRejected)], delivery: deliveries.chunk,
    description: "Rejections per chunk go to curated/ for data-quality reporting per hospital and error code",
  },
  {
    name: "notify-outcomes", subscriber: F.notify,
    types: [T.batchCompleted, T.periodPriced, T.reportPublished, T.appealTransitioned, T.appealEscalated],
    filters: [{ any: [exactType(T.batchCompleted), exactType(T.periodPriced), exactType(T.reportPublished), exactType(T.appealTransitioned), exactType(T.appealEscalated)] }],
    delivery: deliveries.webhook,
    description: "Outcomes become signed webhooks to hospitals and MyGDX (the outcome types of shared/webhooks)",
  },
  {
    name: "appeals-batch-completed", subscriber: F.appeals, types: [T.batchCompleted],
    filters: [exactType(T.batchCompleted), { prefix: { subject: APPEAL_BATCH_PREFIX } }], delivery: deliveries.quick,
    description: "The batch that carried an appeal's new claim version completed: the appeal records the result and is applied",
  },
  {
    name: "appeals-deadlines", subscriber: F.appeals, types: [T.appealDeadlinesReached],
    filters: [exactType(T.appealDeadlinesReached)], delivery: deliveries.quick,
    description: "The scheduler's deadline check: appeals past their state's deadline are escalated (applied ones closed)",
  },
  {
    name: "scheduler-ticks", subscriber: F.scheduler, types: [T.schedulerTicked],
    filters: [exactType(T.schedulerTicked)], delivery: deliveries.quick,
    description: "PingSource ticks reach the scheduler, which turns them into domain events",
  },
];

/** Types no function subscribes to, and why. They stay in the Broker's topic for audit. */
export const unroutedEventTypes: Readonly<Partial<Record<EventType, string>>> = {
  [T.notificationDelivered]: "audit trail of webhook deliveries; read from the topic, no step reacts",
  [T.notificationFailed]: "audit trail of webhooks that gave up; operations read it from the topic",
};

/**
 * Timed ticks. A daily tick at 00:05 Kuala Lumpur time rather than a monthly one: the scheduler closes
 * the previous month on the first tick of a new month, and a missed tick is caught up the next day
 * (closing a period is idempotent by period).
 */
export const schedules: readonly Schedule[] = [
  { name: "month-end", cron: "5 0 * * *", timezone: "Asia/Kuala_Lumpur", description: "Daily check that closes the previous month's period" },
  { name: "appeal-deadlines", cron: "15 * * * *", timezone: "Asia/Kuala_Lumpur", description: "Hourly check of appeal deadlines (the scheduler sends appeal.deadlines.reached with the tick's time)" },
];

/** Names shared by the Knative manifests and the Kafka dispatcher. */
export const mesh = {
  namespace: "casemix",
  broker: "casemix",
  /**
   * Undeliverable events go here (a KafkaSink on Knative, a topic for the local dispatcher). On Knative
   * a KafkaSource (`reader`) reads the topic back and delivers each letter to `path` of the events
   * Service of `consumer`, the function that completes batches, which fails the batch of a dead-lettered
   * chunk as the local dispatchers do in process (shared/runtime dead-letter-ingress.ts).
   */
  deadLetter: { name: "casemix-dead-letter", topic: "casemix.dead-letter", reader: "dead-letter-batches", consumer: F.flagOutlier, path: "/dead-letters" },
} as const;

/** The routes of one function. */
export function routesOf(subscriber: string): CasemixRoute[] {
  return routes.filter((r) => r.subscriber === subscriber);
}
