/**
 * Every event type of the pipeline, in one place, so nobody writes a type string by hand.
 * Names follow `gov.my.casemix.<entity>.<past-tense-verb>.v<N>` (DESIGN.md "Events"); a changed data
 * shape gets a new version and a new entry here, the old one stays until no producer sends it.
 *
 * @example
 * bus.publish({ ...event, type: EventTypes.claimsChunkValidated })
 */
export const EventTypes = {
  claimsChunkReceived: "gov.my.casemix.claims.chunk.received.v1",
  claimsChunkValidated: "gov.my.casemix.claims.chunk.validated.v1",
  claimsChunkDeduplicated: "gov.my.casemix.claims.chunk.deduplicated.v1",
  claimsChunkGrouped: "gov.my.casemix.claims.chunk.grouped.v1",
  claimsChunkPriced: "gov.my.casemix.claims.chunk.priced.v1",
  claimsChunkFlagged: "gov.my.casemix.claims.chunk.flagged.v1",
  claimsChunkRejected: "gov.my.casemix.claims.chunk.rejected.v1",
  batchCompleted: "gov.my.casemix.batch.completed.v1",
  periodClosed: "gov.my.casemix.period.closed.v1",
  periodChunkScheduled: "gov.my.casemix.period.chunk.scheduled.v1",
  periodPriced: "gov.my.casemix.period.priced.v1",
  reportPublished: "gov.my.casemix.report.published.v1",
  configPublished: "gov.my.casemix.config.published.v1",
  appealTransitioned: "gov.my.casemix.appeal.transitioned.v1",
  appealEscalated: "gov.my.casemix.appeal.escalated.v1",
  appealDeadlinesReached: "gov.my.casemix.appeal.deadlines.reached.v1",
  notificationDelivered: "gov.my.casemix.notification.delivered.v1",
  notificationFailed: "gov.my.casemix.notification.failed.v1",
  /**
   * The scheduler's tick. A Knative PingSource can only send its own type (DESIGN.md "Schedules"), so
   * this one name is Knative's, not ours: https://knative.dev/docs/eventing/sources/ping-source/
   */
  schedulerTicked: "dev.knative.sources.ping",
} as const;

/** One of the pipeline's event type names. */
export type EventType = (typeof EventTypes)[keyof typeof EventTypes];

/** The key of a type in {@link EventTypes}, e.g. `"claimsChunkReceived"`. */
export type EventTypeKey = keyof typeof EventTypes;

/** All type names, in declaration order. */
export const eventTypeNames: readonly EventType[] = Object.values(EventTypes);

/** Types whose names are fixed by someone else (Knative), exempt from our naming pattern. */
export const externalEventTypes: readonly EventType[] = [EventTypes.schedulerTicked];

/**
 * `gov.my.casemix.<entity>.<past-tense-verb>.v<N>`: the entity may have several dot-separated
 * lowercase words (`claims.chunk`), the verb ends in "ed", N starts at 1.
 */
export const EVENT_TYPE_PATTERN = /^gov\.my\.casemix\.(?:[a-z][a-z0-9]*\.)+[a-z]+ed\.v[1-9][0-9]*$/;

const known = new Set<string>(eventTypeNames);

/** Whether `type` is one of the pipeline's event types. */
export function isEventType(type: unknown): type is EventType {
  return typeof type === "string" && known.has(type);
}

/** The CloudEvents `source` of events a function sends: `/casemix/<function>` (DESIGN.md "Events"). */
export function sourceOf(functionName: string): string {
  return `/casemix/${functionName}`;
}
