import { deriveEventId, filterAttributesOf, matchesFilters, type CasemixEvent, type Route } from "@casemix/events";
import { isRetryableStatus } from "./delivery.ts";
import type { DeadLetter } from "./port.ts";

/**
 * The extension attributes a Knative dispatcher adds to an event it sends to a dead-letter sink
 * (https://knative.dev/docs/eventing/event-delivery/): the URL it failed to deliver to, the last HTTP
 * status, and the last response body, base64-encoded (Knative cuts it to 1024 bytes). The local Kafka
 * dispatcher writes the same three (kafka-dead-letters.ts), with the route's name as the destination,
 * plus its own `casemixattempts` and `casemixdeadat`.
 */
export const KNATIVE_ERROR_ATTRIBUTES = ["knativeerrordest", "knativeerrorcode", "knativeerrordata"] as const;
const CASEMIX_LETTER_ATTRIBUTES = ["casemixattempts", "casemixdeadat"] as const;

/** A dead-lettered event that lacks what a dead letter needs; an ingress answers it 400. */
export class DeadLetterFormatError extends Error {
  readonly code = "E_DEAD_LETTER_MALFORMED";
  /** The attribute that is missing or wrong. */
  readonly field: string;
  constructor(message: string, field: string) {
    super(message);
    this.field = field;
  }
}

/**
 * The id of a dead letter: one per (route, event), the same whoever computes it. The local dispatcher
 * keys its records with it, `casemix dlq list` shows it, `casemix dlq replay` takes it, and the
 * dead-letter ingress on Knative names it in the batch's error, all from the record's own attributes.
 */
export function deadLetterId(route: string, event: Pick<CasemixEvent, "source" | "id">): string {
  return deriveEventId("dead-letter", route, event.source, event.id);
}

/**
 * The route a dead letter failed on. The local dispatcher's destination is the route's name. Knative's
 * is the subscriber's URL (`https://validate-events.casemix.svc.cluster.local`): the host's first label
 * names the function's events Service, and of that function's routes the one whose filters take the
 * event is the Trigger that gave up. Anything else (a reply URL, an unknown host) is kept as it was.
 */
export function routeOfErrorDestination(dest: string, event: CasemixEvent, routes: readonly Route[]): string {
  if (routes.some((r) => r.name === dest)) return dest;
  let host: string;
  try {
    host = new URL(dest).hostname;
  } catch {
    return dest;
  }
  const service = host.split(".")[0] ?? "";
  const fn = service.endsWith("-events") ? service.slice(0, -"-events".length) : service;
  const attributes = filterAttributesOf(event);
  const taking = routes.filter((r) => r.subscriber === fn && matchesFilters(r.filters, attributes));
  return taking.length === 1 ? taking[0]!.name : dest;
}

/**
 * Reads a dead-lettered CloudEvent, as Knative's dispatcher sends it to the dead-letter sink (and as
 * the KafkaSink keeps it, in binary mode), into the `DeadLetter` the rest of the mesh uses: the
 * original event without the error attributes, the route, status and reason. Missing or invalid
 * `knativeerrordest` or `knativeerrorcode` is a `DeadLetterFormatError`; `knativeerrordata` is
 * optional (Knative sends none when the subscriber answered no body) and, when it is not base64, the
 * reason says so instead of refusing the letter: the batch must still fail.
 *
 * Knative does not say how many attempts it made; the route's delivery spec does (every retry for a
 * status it retries, one attempt for a 400). `at` is the local dispatcher's time, else `receivedAt`.
 */
export function deadLetterFromKnative(event: CasemixEvent, routes: readonly Route[], receivedAt: string): DeadLetter {
  const { knativeerrordest: dest, knativeerrorcode: code, knativeerrordata: data, casemixattempts, casemixdeadat, ...original } = event as CasemixEvent & Record<string, unknown>;
  if (typeof dest !== "string" || dest.length === 0) throw new DeadLetterFormatError("a dead letter needs knativeerrordest, where delivery failed", "knativeerrordest");
  const status = code === "" ? Number.NaN : Number(code);
  if (typeof code !== "string" && typeof code !== "number") throw new DeadLetterFormatError("a dead letter needs knativeerrorcode, the last HTTP status", "knativeerrorcode");
  if (!Number.isInteger(status) || status < 100 || status > 599) throw new DeadLetterFormatError(`knativeerrorcode must be an HTTP status, got ${JSON.stringify(code)}`, "knativeerrorcode");
  const route = routeOfErrorDestination(dest, original as CasemixEvent, routes);
  const spec = routes.find((r) => r.name === route)?.delivery;
  const attempts = Number(casemixattempts) > 0 ? Number(casemixattempts) : spec ? (isRetryableStatus(status) ? spec.retry + 1 : 1) : 0;
  return {
    id: deadLetterId(route, original as CasemixEvent),
    route,
    event: original as CasemixEvent,
    status,
    reason: reasonOf(data, status),
    attempts,
    at: typeof casemixdeadat === "string" && casemixdeadat ? casemixdeadat : receivedAt,
  };
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The last answer's body as a sentence: the runtime's `{ error: { code, message } }`, else its text. */
function reasonOf(data: unknown, status: number): string {
  if (data === undefined || data === null || data === "") return `subscriber answered ${status}`;
  if (typeof data !== "string" || !BASE64.test(data)) return `subscriber answered ${status} (knativeerrordata is not base64)`;
  const text = Buffer.from(data, "base64").toString("utf8");
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    if (parsed.error && typeof parsed.error.code === "string") return `subscriber answered ${status}: ${parsed.error.code} ${String(parsed.error.message ?? "")}`.trim();
  } catch {
    // not the runtime's JSON: keep the text
  }
  return text;
}
