import { CloudEvent, Kafka } from "cloudevents";
import type { CasemixEvent } from "@casemix/events";
import type { IHeaders, Message } from "kafkajs";

/**
 * CloudEvents in Kafka binary mode (attributes in `ce_*` headers, data in the value, `partitionkey`
 * as the record key), through the official SDK. Two SDK traps handled here: `Kafka.binary()` leaves the
 * data unserialised and puts `undefined` into headers, and kafkajs hands header values over as Buffers.
 */
export function eventToKafka(event: CasemixEvent): Message {
  const withType = event.datacontenttype ? event : { ...event, datacontenttype: "application/json" };
  const message = Kafka.binary(new CloudEvent<unknown>(withType as never, false));
  const headers: IHeaders = {};
  for (const [k, v] of Object.entries(message.headers)) if (v !== undefined && v !== null) headers[k] = String(v);
  return {
    key: event.partitionkey ?? null,
    value: JSON.stringify(event.data ?? null),
    headers,
  };
}

export class KafkaDecodeError extends Error {
  readonly code = "E_KAFKA_DECODE";
}

/** Reads a binary-mode record back into a validated event. */
export function eventFromKafka(record: { key?: Buffer | string | null; value: Buffer | string | null; headers?: IHeaders }): CasemixEvent {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(record.headers ?? {})) {
    if (v === undefined) continue;
    headers[k] = Array.isArray(v) ? String(v[0]) : Buffer.isBuffer(v) ? v.toString("utf8") : String(v);
  }
  const value = record.value === null ? "null" : record.value.toString();
  const key = record.key === null || record.key === undefined ? undefined : record.key.toString();
  let ce: CloudEvent<unknown>;
  try {
    ce = Kafka.toEvent({ headers, key, value, body: value } as never) as CloudEvent<unknown>;
    ce.validate();
  } catch (error) {
    throw new KafkaDecodeError(`not a valid binary-mode CloudEvent record: ${(error as Error).message}`);
  }
  const plain: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(ce)) if (v !== undefined && k !== "data_base64") plain[k] = v;
  let data: unknown = ce.data;
  if (typeof data === "string" && /json/i.test(ce.datacontenttype ?? "application/json")) data = JSON.parse(data);
  if (key === undefined) delete plain.partitionkey;
  return { ...(plain as CasemixEvent), specversion: "1.0", data: data ?? null };
}
