import { z } from "zod";
import { EventTypes, type EventType } from "./event-types.ts";
import * as claims from "./schemas/claims.ts";
import * as period from "./schemas/period.ts";
import * as other from "./schemas/other.ts";

/** The data schema of every event type. `satisfies` makes a type without a schema a compile error. */
export const dataSchemas = {
  [EventTypes.claimsChunkReceived]: claims.ClaimsChunkReceivedDataSchema,
  [EventTypes.claimsChunkValidated]: claims.ClaimsChunkValidatedDataSchema,
  [EventTypes.claimsChunkDeduplicated]: claims.ClaimsChunkDeduplicatedDataSchema,
  [EventTypes.claimsChunkGrouped]: claims.ClaimsChunkGroupedDataSchema,
  [EventTypes.claimsChunkPriced]: claims.ClaimsChunkPricedDataSchema,
  [EventTypes.claimsChunkFlagged]: claims.ClaimsChunkFlaggedDataSchema,
  [EventTypes.claimsChunkRejected]: claims.ClaimsChunkRejectedDataSchema,
  [EventTypes.batchCompleted]: claims.BatchCompletedDataSchema,
  [EventTypes.periodClosed]: period.PeriodClosedDataSchema,
  [EventTypes.periodChunkScheduled]: period.PeriodChunkScheduledDataSchema,
  [EventTypes.periodPriced]: period.PeriodPricedDataSchema,
  [EventTypes.reportPublished]: other.ReportPublishedDataSchema,
  [EventTypes.configPublished]: other.ConfigPublishedDataSchema,
  [EventTypes.appealTransitioned]: other.AppealTransitionedDataSchema,
  [EventTypes.appealEscalated]: other.AppealEscalatedDataSchema,
  [EventTypes.appealDeadlinesReached]: other.AppealDeadlinesReachedDataSchema,
  [EventTypes.notificationDelivered]: other.NotificationDeliveredDataSchema,
  [EventTypes.notificationFailed]: other.NotificationFailedDataSchema,
  [EventTypes.schedulerTicked]: other.SchedulerTickedDataSchema,
} as const satisfies Record<EventType, z.ZodType>;

/** The data type of an event type, e.g. `EventDataOf<typeof EventTypes.periodClosed>`. */
export type EventDataOf<T extends EventType> = z.infer<(typeof dataSchemas)[T]>;

/**
 * The zod schema of a type's data.
 *
 * @example
 * dataSchemaFor(EventTypes.periodClosed).safeParse(event.data)
 */
export function dataSchemaFor<T extends EventType>(type: T): (typeof dataSchemas)[T] {
  return dataSchemas[type];
}

/**
 * The JSON Schema (draft 2020-12) of a type's data, as it travels: for event catalogues (Knative
 * EventType `schemaData`) and for consumers outside TypeScript.
 */
export function dataJsonSchemaFor(type: EventType): Record<string, unknown> {
  return z.toJSONSchema(dataSchemas[type], { io: "input" }) as Record<string, unknown>;
}
