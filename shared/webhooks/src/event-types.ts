/**
 * The outcome event types that `notify` turns into webhooks, in one place.
 *
 * Why here and not imported from `@casemix/events`: when this package was written the event
 * contract did not yet name these types. The names follow DESIGN.md ("Events":
 * `gov.my.casemix.<entity>.<past-tense-verb>.v<N>`). When `events/src` exports them, this file
 * should re-export those constants instead of spelling them out.
 */
export const OUTCOME_EVENT_TYPES = {
  batchCompleted: "gov.my.casemix.batch.completed.v1",
  periodPriced: "gov.my.casemix.period.priced.v1",
  reportPublished: "gov.my.casemix.report.published.v1",
  appealDecided: "gov.my.casemix.appeal.decided.v1",
} as const;

/** One of the outcome event types a subscription can ask for. */
export type OutcomeEventType = (typeof OUTCOME_EVENT_TYPES)[keyof typeof OUTCOME_EVENT_TYPES];

/** Every outcome event type, for validation and for the "all events" subscription shortcut. */
export const ALL_OUTCOME_EVENT_TYPES: readonly OutcomeEventType[] = Object.values(OUTCOME_EVENT_TYPES);

/** Whether a CloudEvent type is one notify delivers. */
export function isOutcomeEventType(type: string): type is OutcomeEventType {
  return (ALL_OUTCOME_EVENT_TYPES as readonly string[]).includes(type);
}
