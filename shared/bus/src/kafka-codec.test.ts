import { describe, expect, it } from "vitest";
import type { CasemixEvent } from "@casemix/events";
import { eventFromKafka, eventToKafka } from "./kafka-codec.ts";

const event: CasemixEvent = {
  specversion: "1.0",
  id: "evt_1",
  source: "/casemix/intake",
  type: "gov.my.casemix.claims.chunk-received.v1",
  subject: "chk_1",
  time: "2026-11-28T00:00:00.000Z",
  data: { key: "landing/b/c/e.parquet", rows: 10000 },
  partitionkey: "H001",
  traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
};

const asKafkajsDelivers = (m: ReturnType<typeof eventToKafka>) => ({
  key: m.key === null || m.key === undefined ? null : Buffer.from(String(m.key)),
  value: Buffer.from(String(m.value)),
  headers: Object.fromEntries(Object.entries(m.headers ?? {}).map(([k, v]) => [k, Buffer.from(String(v))])),
});

describe("Kafka binary mode", () => {
  it("an event round-trips through kafkajs-style Buffers with its data, extensions and key", () => {
    const message = eventToKafka(event);
    expect(message.key).toBe("H001");
    expect(message.headers?.ce_traceparent).toBe(event.traceparent);
    const back = eventFromKafka(asKafkajsDelivers(message));
    expect(back).toEqual({ ...event, datacontenttype: "application/json" });
  });

  it("no header carries an undefined value", () => {
    const message = eventToKafka({ ...event, subject: undefined });
    for (const v of Object.values(message.headers ?? {})) expect(v).toBeTypeOf("string");
  });

  it("a record without ce_ headers is refused with E_KAFKA_DECODE", () => {
    expect(() => eventFromKafka({ key: null, value: Buffer.from("{}"), headers: {} })).toThrowError(
      expect.objectContaining({ code: "E_KAFKA_DECODE" }),
    );
  });
});
