import { deriveEventId, type CasemixEvent } from "./event.ts";
import { sourceOf, type EventType } from "./event-types.ts";
import type { EventDataOf } from "./data-schemas.ts";
import { partitionKeyOf, subjectOf } from "./keys.ts";

export type CreateEventOptions<T extends EventType> = {
  type: T;
  /** The sending function, e.g. `"validate"`; becomes `source: /casemix/validate`. */
  from: string;
  data: EventDataOf<T>;
  /** The id of the event that caused this one: the new id derives from it, so redelivery repeats it. */
  causeId: string;
  /** Tells apart several events of one type from one cause (e.g. the chunk index of a fan-out). */
  key?: string;
  traceparent?: string;
  /** Defaults to now; pass it in from domain code, which has no clock. */
  time?: string;
};

/**
 * Builds an event with the contract's derived attributes: deterministic id, source, subject,
 * partition key, JSON content type.
 *
 * @example
 * createEvent({ type: EventTypes.claimsChunkValidated, from: "validate", data, causeId: input.id, traceparent: input.traceparent })
 */
export function createEvent<T extends EventType>(options: CreateEventOptions<T>): CasemixEvent<EventDataOf<T>> {
  const { type, from, data, causeId, key, traceparent, time = new Date().toISOString() } = options;
  const subject = subjectOf(type, data);
  return {
    specversion: "1.0",
    id: key === undefined ? deriveEventId(from, type, causeId) : deriveEventId(from, type, causeId, key),
    source: sourceOf(from),
    type,
    ...(subject === undefined ? {} : { subject }),
    time,
    datacontenttype: "application/json",
    partitionkey: partitionKeyOf(type, data),
    ...(traceparent === undefined ? {} : { traceparent }),
    data,
  };
}
