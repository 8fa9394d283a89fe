import type { CasemixEvent, Route } from "@casemix/events";
import type { IHeaders, Kafka, Message } from "kafkajs";
import { eventFromKafka, eventToKafka } from "./kafka-codec.ts";
import { deadLetterFromKnative, DeadLetterFormatError } from "./knative-dead-letter.ts";
import type { DeadLetter } from "./port.ts";

/**
 * Dead letters on Kafka are binary-mode CloudEvents with Knative's error extensions
 * (knativeerrordest, knativeerrorcode, knativeerrordata), keyed by the dead letter's id. A replay
 * appends a marker record with the same key, so listing shows only letters not yet replayed.
 * Knative's KafkaSink writes the same attributes but keys a record by the event's `partitionkey`, so a
 * letter's id is always derived from its attributes (`deadLetterFromKnative`), never read from the key.
 */
export function deadLetterRecord(
  id: string,
  route: string,
  event: CasemixEvent,
  outcome: { status: number; reason: string; attempts: number },
): Message {
  const message = eventToKafka({
    ...event,
    knativeerrordest: route,
    knativeerrorcode: String(outcome.status),
    knativeerrordata: Buffer.from(outcome.reason).toString("base64"),
    casemixattempts: String(outcome.attempts),
    casemixdeadat: new Date().toISOString(),
  });
  return { ...message, key: id };
}

export function replayedMarker(id: string): Message {
  return { key: id, value: null, headers: { "casemix-replayed": "true" } };
}

/** Reads the whole dead-letter topic (it is small: only what failed) up to its current end. */
export async function readDeadLetters(kafka: Kafka, topic: string, routes: readonly Route[]): Promise<DeadLetter[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const pending = new Map(ends.filter((p) => Number(p.high) > Number(p.low)).map((p) => [p.partition, Number(p.high)]));
  const letters = new Map<string, DeadLetter>();
  if (pending.size === 0) return [];
  const groupId = `casemix.dlq-reader.${process.pid}.${Date.now()}`;
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timed out reading the dead-letter topic")), 30_000);
    void consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        if (message.headers?.["casemix-replayed"]) letters.delete(message.key?.toString() ?? "");
        else {
          const letter = letterOfRecord(message, routes);
          letters.set(letter.id, letter);
        }
        if (Number(message.offset) + 1 >= (pending.get(partition) ?? 0)) pending.delete(partition);
        if (pending.size === 0) {
          clearTimeout(timer);
          resolve();
        }
      },
    }).catch(reject);
  });
  await consumer.disconnect();
  await deleteGroup(kafka, groupId);
  return [...letters.values()];
}

/**
 * One record of the dead-letter topic as a letter, whoever wrote it (the local dispatcher or Knative's
 * KafkaSink). A record without valid error attributes is still listed, by its key, so it is not hidden.
 */
export function letterOfRecord(message: { key?: Buffer | string | null; value: Buffer | string | null; headers?: IHeaders; timestamp?: string }, routes: readonly Route[]): DeadLetter {
  const event = eventFromKafka(message);
  const at = message.timestamp ? new Date(Number(message.timestamp)).toISOString() : "";
  try {
    return deadLetterFromKnative(event, routes, at);
  } catch (error) {
    if (!(error instanceof DeadLetterFormatError)) throw error;
    const { knativeerrordest, knativeerrorcode, knativeerrordata, casemixattempts, casemixdeadat, ...original } = event;
    return { id: message.key?.toString() ?? "", route: String(knativeerrordest ?? ""), event: original as CasemixEvent, status: Number(knativeerrorcode ?? 0), reason: error.message, attempts: Number(casemixattempts ?? 0), at };
  }
}

/** The reader's throwaway group would otherwise linger in the broker's group list. */
async function deleteGroup(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteGroups([groupId]).catch(() => undefined);
  await admin.disconnect();
}
