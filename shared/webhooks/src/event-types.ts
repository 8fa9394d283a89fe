import { EventTypes } from "@casemix/events";

/**
 * The outcome event types that `notify` turns into webhooks. The names themselves live in the
 * event contract (`@casemix/events` EventTypes); this is only the subset notify delivers.
 */
export const OUTCOME_EVENT_TYPES = {
  batchCompleted: EventTypes.batchCompleted,
  periodPriced: EventTypes.periodPriced,
  reportPublished: EventTypes.reportPublished,
  appealTransitioned: EventTypes.appealTransitioned,
  appealEscalated: EventTypes.appealEscalated,
} as const;

/** One of the outcome event types a subscription can ask for. */
export type OutcomeEventType = (typeof OUTCOME_EVENT_TYPES)[keyof typeof OUTCOME_EVENT_TYPES];

/** Every outcome event type, for validation of subscriptions. */
export const ALL_OUTCOME_EVENT_TYPES: readonly OutcomeEventType[] = Object.values(OUTCOME_EVENT_TYPES);

/** Whether a CloudEvent type is one notify delivers. */
export function isOutcomeEventType(type: string): type is OutcomeEventType {
  return (ALL_OUTCOME_EVENT_TYPES as readonly string[]).includes(type);
}
