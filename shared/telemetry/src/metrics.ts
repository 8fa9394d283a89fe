import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/**
 * The Prometheus metrics of every function, in one registry per process (prom-client). Labels are
 * bounded on purpose: function, event type, status, route pattern, outcome; never a claim, a batch, a
 * hospital or a person, so a scrape holds no personal data and the series count stays fixed.
 * The SLO rules (telemetry/rules) and the dashboard (telemetry/grafana) use these names; their tests
 * check every name they use is one of {@link METRIC_NAMES}.
 */
export const registry = new Registry();

let enabled = true;

/** Whether this process records metrics (METRICS=off turns recording off: the overhead benchmark's baseline). */
export function metricsEnabled(): boolean {
  return enabled;
}

export function setMetricsEnabled(on: boolean): void {
  enabled = on;
}

// Handler latency: a chunk of 10,000 claims takes seconds, a single claim milliseconds.
const handlerBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
// HTTP: the SLO thresholds (300 ms reads, 1 s DRG assignment) are bucket bounds, so their ratios are exact.
const httpBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2.5, 5, 10];

export const eventsHandled = new Counter({
  name: "casemix_events_handled_total",
  help: "CloudEvents a function handled, by type and the status it answered (200 reply, 202 done, 400 refused, 503 transient); duplicates answered from the idempotency record count with duplicate=\"true\"",
  labelNames: ["fn", "type", "status", "duplicate"] as const,
  registers: [registry],
});

export const handlerDuration = new Histogram({
  name: "casemix_handler_duration_seconds",
  help: "Time from an event's arrival at the processor to its answer, commit included",
  labelNames: ["fn", "type"] as const,
  buckets: handlerBuckets,
  registers: [registry],
});

export const claimsHandled = new Counter({
  name: "casemix_claims_handled_total",
  help: "Claim rows in the chunk events a function handled for the first time (the data's rowCount): batch progress per step",
  labelNames: ["fn", "type"] as const,
  registers: [registry],
});

export const eventsEmitted = new Counter({
  name: "casemix_events_emitted_total",
  help: "Events a function's handler returned to send (its reply and outbox drafts), by type; rows a handler's own write appends to the outbox are not counted",
  labelNames: ["fn", "type"] as const,
  registers: [registry],
});

export const deadLetters = new Counter({
  name: "casemix_dead_letters_total",
  help: "Events the bus dead-lettered, by route and the last status the subscriber answered",
  labelNames: ["route", "status"] as const,
  registers: [registry],
});

export const webhookDeliveries = new Counter({
  name: "casemix_webhook_deliveries_total",
  help: "Webhook delivery attempts by outcome: delivered, retry (failed, will be tried again), dead (given up), skipped",
  labelNames: ["outcome"] as const,
  registers: [registry],
});

export const httpRequests = new Counter({
  name: "casemix_http_requests_total",
  help: "HTTP requests by route pattern (not the raw path) and status",
  labelNames: ["fn", "method", "route", "status"] as const,
  registers: [registry],
});

export const httpDuration = new Histogram({
  name: "casemix_http_request_duration_seconds",
  help: "HTTP request latency by route pattern",
  labelNames: ["fn", "method", "route"] as const,
  buckets: httpBuckets,
  registers: [registry],
});

export const consumerLag = new Gauge({
  name: "casemix_consumer_lag_messages",
  help: "Records behind the partition's high watermark when the dispatcher took its last record (Kafka bus), per consumer group and partition",
  labelNames: ["group", "partition"] as const,
  registers: [registry],
});

export const outboxPending = new Gauge({
  name: "casemix_outbox_pending",
  help: "Outbox rows not yet relayed to the broker, read from the database at scrape",
  registers: [registry],
});

export const outboxOldestAge = new Gauge({
  name: "casemix_outbox_oldest_age_seconds",
  help: "Age of the oldest outbox row not yet relayed (0 when none), read from the database at scrape",
  registers: [registry],
});

export const batches = new Gauge({
  name: "casemix_batches",
  help: "Batches by status (receiving, processing, completed, failed), read from the database at scrape",
  labelNames: ["status"] as const,
  registers: [registry],
});

export const batchOldestProcessingAge = new Gauge({
  name: "casemix_batch_oldest_processing_age_seconds",
  help: "Age of the oldest batch still processing (0 when none), read from the database at scrape",
  registers: [registry],
});

export const scrapeErrors = new Counter({
  name: "casemix_metrics_collect_errors_total",
  help: "Scrapes whose database-read gauges could not be read (their last values are kept)",
  registers: [registry],
});

// Process metrics (CPU, resident memory, heap, event-loop delay), under their usual names.
collectDefaultMetrics({ register: registry });

/** Every metric family of {@link registry}, by its exposition name (a histogram's family, not its `_bucket`). */
export async function metricNames(): Promise<string[]> {
  return (await registry.getMetricsAsJSON()).map((m) => m.name);
}

/** What the database says at scrape time (outbox and batches): read once per scrape, not on the hot path. */
export type DatabaseGauges = {
  outboxPending: number;
  outboxOldestAgeSeconds: number;
  batches: Record<string, number>;
  batchOldestProcessingAgeSeconds: number;
};

let readDatabase: (() => Promise<DatabaseGauges>) | undefined;

/** Sets how a scrape reads the database gauges (the runtime passes a query on the function's database). */
export function readDatabaseGaugesWith(reader: (() => Promise<DatabaseGauges>) | undefined): void {
  readDatabase = reader;
}

const BATCH_STATUSES = ["receiving", "processing", "completed", "failed"];

async function refreshDatabaseGauges(): Promise<void> {
  if (!readDatabase) return;
  try {
    const g = await readDatabase();
    outboxPending.set(g.outboxPending);
    outboxOldestAge.set(g.outboxOldestAgeSeconds);
    for (const status of BATCH_STATUSES) batches.set({ status }, g.batches[status] ?? 0);
    batchOldestProcessingAge.set(g.batchOldestProcessingAgeSeconds);
  } catch {
    // A database that does not answer is the readiness probe's to report; the scrape still answers.
    scrapeErrors.inc();
  }
}

/** The text exposition a scrape gets, and its content type. */
export async function exposition(): Promise<{ body: string; contentType: string }> {
  await refreshDatabaseGauges();
  return { body: await registry.metrics(), contentType: registry.contentType };
}
