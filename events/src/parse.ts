import type { CasemixEvent } from "./event.ts";
import { isEventType, type EventType } from "./event-types.ts";
import { dataSchemaFor, type EventDataOf } from "./data-schemas.ts";

/** Why an event's data was refused; the runtime answers 400 (dead-letter, no retry). */
export type EventDataError = {
  code: "E_EVENT_TYPE_UNKNOWN" | "E_EVENT_DATA_INVALID";
  /** Dotted path of the first offending field (`data.counts.valid`), or `type`. */
  field: string;
  message: string;
  /** Every problem found, for logs and dead-letter inspection. */
  issues: { field: string; message: string }[];
};

/** A parsed event: its type narrows `data`. */
export type ParsedEvent = { [T in EventType]: { ok: true; type: T; data: EventDataOf<T> } }[EventType];

export type ParseEventDataResult = ParsedEvent | { ok: false; error: EventDataError };

/**
 * Checks an event's type and data against the contract. Never throws.
 *
 * @example
 * const r = parseEventData(event);
 * if (!r.ok) return { status: 400, error: r.error };        // e.g. field "data.sha256"
 * if (r.type === EventTypes.periodClosed) r.data.period;  // typed
 */
export function parseEventData(event: Pick<CasemixEvent, "type" | "data">): ParseEventDataResult {
  if (!isEventType(event.type)) {
    const message = `unknown event type ${JSON.stringify(event.type)}`;
    return { ok: false, error: { code: "E_EVENT_TYPE_UNKNOWN", field: "type", message, issues: [{ field: "type", message }] } };
  }
  const result = dataSchemaFor(event.type).safeParse(event.data);
  if (result.success) return { ok: true, type: event.type, data: result.data } as ParsedEvent;
  const issues = result.error.issues.map((i) => ({
    field: ["data", ...i.path.map(String)].join("."),
    message: i.message,
  }));
  const first = issues[0] ?? { field: "data", message: "invalid" };
  return {
    ok: false,
    error: { code: "E_EVENT_DATA_INVALID", field: first.field, message: `${first.field}: ${first.message}`, issues },
  };
}
