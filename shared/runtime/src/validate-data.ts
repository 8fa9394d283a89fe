import { parseEventData, type CasemixEvent } from "@casemix/events";
import { invalid } from "./errors.ts";

/** Rejects an event whose data fails its type's schema: 400, dead-lettered, never retried. */
export function validateEventData(event: CasemixEvent): void {
  const parsed = parseEventData(event);
  if (!parsed.ok) throw invalid(parsed.error.code, parsed.error.message, parsed.error.field);
}
