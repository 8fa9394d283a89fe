import { describe, expect, it } from "vitest";
import { createEvent, EventTypes, routes, type CasemixEvent } from "@casemix/events";
import { eventToKafka } from "./kafka-codec.ts";
import { deadLetterRecord, letterOfRecord } from "./kafka-dead-letters.ts";
import { deadLetterFromKnative, deadLetterId, DeadLetterFormatError, routeOfErrorDestination } from "./knative-dead-letter.ts";

const chunk: CasemixEvent = {
  ...createEvent({
    type: EventTypes.claimsChunkReceived, from: "intake", causeId: "bat_k1", key: "H10-DEC915", time: "2026-11-28T00:00:00Z",
    data: { batchId: "bat_k1", chunkId: "chk_k1-00000", chunkIndex: 0, hospitalCode: "H10-DEC915", channel: "upload", objectKey: "landing/bat_k1/0.parquet", sha256: "0".repeat(64), rowCount: 3 },
  }),
  specversion: "1.0",
} as CasemixEvent;

const b64 = (text: string) => Buffer.from(text).toString("base64");
/** What Knative's Kafka Broker dispatcher hands the dead-letter sink after validate's Trigger gave up. */
const knativeLetter = (extra: Record<string, unknown> = {}): CasemixEvent =>
  ({
    ...chunk,
    knativearrivaltime: "2026-11-28T00:00:01Z",
    knativeerrordest: "https://validate-events.casemix.svc.cluster.local",
    knativeerrorcode: "503",
    knativeerrordata: b64(JSON.stringify({ error: { code: "E_STORE_UNAVAILABLE", message: "the object store did not answer" } })),
    ...extra,
  }) as CasemixEvent;

describe("a dead letter as Knative delivers it", () => {
  it("becomes the letter of the Trigger that gave up: its route, status, the runtime's error as reason, the route's attempts, and the shared id", () => {
    const letter = deadLetterFromKnative(knativeLetter(), routes, "2026-11-28T00:02:10Z");
    expect(letter).toEqual({
      id: deadLetterId("validate-claims-received", chunk),
      route: "validate-claims-received",
      event: { ...chunk, knativearrivaltime: "2026-11-28T00:00:01Z" },
      status: 503,
      reason: "subscriber answered 503: E_STORE_UNAVAILABLE the object store did not answer",
      attempts: 8, // the route's retry: 7, plus the first try
      at: "2026-11-28T00:02:10Z",
    });
    expect(letter.id).toMatch(/^evt_[0-9a-f]{32}$/);
  });

  it("a 400 was tried once; a body that is not the runtime's JSON is kept as text", () => {
    const letter = deadLetterFromKnative(knativeLetter({ knativeerrorcode: "400", knativeerrordata: b64("bad gateway html") }), routes, "t");
    expect(letter).toMatchObject({ status: 400, attempts: 1, reason: "bad gateway html" });
  });

  it("a missing knativeerrordata (the subscriber answered no body) still makes a letter, its reason the status", () => {
    const { knativeerrordata: _none, ...withoutData } = knativeLetter() as CasemixEvent & Record<string, unknown>;
    expect(deadLetterFromKnative(withoutData as CasemixEvent, routes, "t")).toMatchObject({ route: "validate-claims-received", status: 503, reason: "subscriber answered 503" });
  });

  it("an invalid knativeerrordata is said in the reason, not a refusal: the batch must still fail", () => {
    const letter = deadLetterFromKnative(knativeLetter({ knativeerrordata: "%%not base64%%" }), routes, "t");
    expect(letter).toMatchObject({ status: 503, reason: "subscriber answered 503 (knativeerrordata is not base64)" });
    expect(letter.id).toBe(deadLetterId("validate-claims-received", chunk));
  });

  it("refuses a letter without a destination or a status, naming the attribute", () => {
    const { knativeerrordest: _d, ...noDest } = knativeLetter() as CasemixEvent & Record<string, unknown>;
    const cases: [CasemixEvent, string][] = [
      [noDest as CasemixEvent, "knativeerrordest"],
      [knativeLetter({ knativeerrorcode: undefined }), "knativeerrorcode"],
      [knativeLetter({ knativeerrorcode: "five hundred" }), "knativeerrorcode"],
      [knativeLetter({ knativeerrorcode: "700" }), "knativeerrorcode"],
    ];
    for (const [event, field] of cases) {
      let thrown: unknown;
      try {
        deadLetterFromKnative(event, routes, "t");
      } catch (error) {
        thrown = error;
      }
      expect(thrown, field).toBeInstanceOf(DeadLetterFormatError);
      expect((thrown as DeadLetterFormatError).field).toBe(field);
      expect((thrown as DeadLetterFormatError).code).toBe("E_DEAD_LETTER_MALFORMED");
    }
  });

  it("a destination that names no route (a reply URL, an unknown Service) is kept as the route", () => {
    expect(routeOfErrorDestination("https://casemix-broker.example/reply", chunk, routes)).toBe("https://casemix-broker.example/reply");
    expect(routeOfErrorDestination("https://group-events.casemix.svc.cluster.local", chunk, routes)).toBe("https://group-events.casemix.svc.cluster.local");
    expect(routeOfErrorDestination("not a url", chunk, routes)).toBe("not a url");
  });
});

describe("casemix dlq list shows the id the batch's error names", () => {
  it("a record written by Knative's KafkaSink (keyed by partitionkey) is listed under the same id the dead-letter ingress computes", () => {
    const record = { ...eventToKafka(knativeLetter()), timestamp: String(Date.parse("2026-11-28T00:02:10Z")) };
    expect(record.key).toBe(chunk.partitionkey); // not the letter's id: many letters share it
    const listed = letterOfRecord(record, routes);
    expect(listed.id).toBe(deadLetterFromKnative(knativeLetter(), routes, "t").id);
    expect(listed).toMatchObject({ route: "validate-claims-received", status: 503, at: "2026-11-28T00:02:10.000Z" });
  });

  it("a record of the local dispatcher keeps its id, route, reason and attempts", () => {
    const id = deadLetterId("validate-claims-received", chunk);
    const record = deadLetterRecord(id, "validate-claims-received", chunk, { status: 400, reason: "subscriber answered 400: E_X bad", attempts: 1 });
    expect(letterOfRecord(record, routes)).toMatchObject({ id, route: "validate-claims-received", status: 400, reason: "subscriber answered 400: E_X bad", attempts: 1 });
  });
});
