import { CloudEvent, HTTP } from "cloudevents";
import type { CasemixEvent } from "@casemix/events";
import { invalid } from "./errors.ts";

export type HttpMessage = { headers: Record<string, string>; body: string };

/**
 * Reads a CloudEvent from an HTTP request in binary or structured mode and validates it against the
 * CloudEvents 1.0 spec. The SDK's `HTTP.toEvent` builds the event without validating it, so a request
 * missing `source` or with a bad `specversion` would pass; we validate explicitly.
 */
export function eventFromHttp(message: HttpMessage): CasemixEvent {
  const headers = lowerCaseKeys(message.headers);
  if (!HTTP.isEvent({ headers, body: message.body })) {
    throw invalid("E_NOT_A_CLOUDEVENT", "the request is not a CloudEvent: send ce-* headers (binary mode) or application/cloudevents+json (structured mode)");
  }
  assertSpecVersion(headers, message.body);
  let parsed: CloudEvent<unknown> | CloudEvent<unknown>[];
  try {
    parsed = HTTP.toEvent({ headers, body: message.body }) as CloudEvent<unknown> | CloudEvent<unknown>[];
  } catch (error) {
    throw invalid("E_CLOUDEVENT_PARSE", `the CloudEvent could not be parsed: ${(error as Error).message}`);
  }
  if (Array.isArray(parsed)) {
    throw invalid("E_CLOUDEVENT_BATCH", "batched CloudEvents are not accepted: send one event per request");
  }
  try {
    parsed.validate();
  } catch (error) {
    const detail = (error as { errors?: unknown }).errors;
    throw invalid("E_CLOUDEVENT_INVALID", `the CloudEvent is invalid: ${JSON.stringify(detail ?? (error as Error).message)}`);
  }
  return toPlainEvent(parsed);
}

/** Writes an event as an HTTP message in binary mode (attributes in ce-* headers, data in the body). */
export function eventToHttp(event: CasemixEvent): HttpMessage {
  const message = HTTP.binary(new CloudEvent<unknown>(withJsonContentType(event) as never, false));
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(message.headers)) if (v !== undefined) headers[k] = String(v);
  const body = typeof message.body === "string" ? message.body : JSON.stringify(message.body ?? null);
  return { headers, body };
}

/** Structured mode: the whole event as one JSON document. */
export function eventToStructuredHttp(event: CasemixEvent): HttpMessage {
  return {
    headers: { "content-type": "application/cloudevents+json; charset=utf-8" },
    body: JSON.stringify(withJsonContentType(event)),
  };
}

/** Only CloudEvents 1.0: the SDK silently reads an unknown `specversion` as if it were 1.0. */
function assertSpecVersion(headers: Record<string, string>, body: string): void {
  let version: unknown = headers["ce-specversion"];
  if (version === undefined && /cloudevents\+json/i.test(headers["content-type"] ?? "")) {
    try {
      version = (JSON.parse(body) as { specversion?: unknown }).specversion;
    } catch {
      throw invalid("E_CLOUDEVENT_PARSE", "the structured CloudEvent is not valid JSON");
    }
  }
  if (version !== "1.0") {
    throw invalid("E_CLOUDEVENT_SPECVERSION", `specversion must be "1.0", got ${JSON.stringify(version)}`, "specversion");
  }
}

function withJsonContentType(event: CasemixEvent): CasemixEvent {
  return event.datacontenttype ? event : { ...event, datacontenttype: "application/json" };
}

export function toPlainEvent(ce: CloudEvent<unknown>): CasemixEvent {
  const plain: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(ce)) {
    if (v === undefined || k === "data_base64") continue;
    plain[k] = v;
  }
  let data = ce.data;
  if (typeof data === "string" && isJson(ce.datacontenttype)) {
    try {
      data = JSON.parse(data);
    } catch {
      throw invalid("E_CLOUDEVENT_DATA", "the event data is not valid JSON", "data");
    }
  }
  return { ...(plain as CasemixEvent), specversion: "1.0", data: data ?? null };
}

function isJson(contentType: string | undefined): boolean {
  return !contentType || /json/i.test(contentType);
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}
