import type { Consumer, EachBatchPayload, Kafka, Producer } from "kafkajs";
import { matchesFilters } from "@casemix/events";
import type { CasemixEvent, Route } from "@casemix/events";
import { attributesOf, isForRoute, REPLAY_ROUTE_ATTRIBUTE } from "./attributes.ts";
import { deliverWithRetry } from "./delivery.ts";
import { eventFromKafka, eventToKafka } from "./kafka-codec.ts";
import { readDeadLetters, deadLetterRecord, replayedMarker } from "./kafka-dead-letters.ts";
import { deadLetterId } from "./knative-dead-letter.ts";
import type { KafkaBusObserver } from "./kafka-observer.ts";
import { rewindGroups, type RewindResult } from "./kafka-rewind.ts";
import { inSpan, SpanKind } from "@casemix/telemetry";
import type { Bus, DeadLetter, Subscriber } from "./port.ts";

/** The dispatcher's topic when none is given, and its dead letters (`<topic>.dlq`); Terraform creates both. */
export const DEFAULT_EVENTS_TOPIC = "casemix.events";

/** The dead-letter topic of an events topic. */
export const deadLetterTopicFor = (topic: string): string => `${topic}.dlq`;

export type KafkaBusOptions = {
  brokers: string[];
  routes: readonly Route[];
  /** The broker's topic: one topic for all events, as a Knative Kafka Broker has. */
  topic?: string;
  deadLetterTopic?: string;
  partitions?: number;
  clientId?: string;
  backoffScale?: number;
  /** Prefix of consumer group ids; one group per route. */
  groupPrefix?: string;
  /** How often a consumer heartbeats while a long delivery or backoff runs. */
  heartbeatMs?: number;
  onError?: (error: unknown) => void;
  /** Called once a letter is on the dead-letter topic (e.g. to fail the batch of a dead-lettered chunk); its failure goes to onError. */
  onDeadLetter?: (letter: DeadLetter) => Promise<unknown>;
  /** kafkajs's own log (default "error": connection losses, consumer crashes and restarts). */
  logLevel?: "nothing" | "error" | "warn" | "info";
  /** What the national benchmark measures of the dispatchers (kafka-observer.ts); nothing when absent. */
  observer?: KafkaBusObserver;
};

/** A route's consumer group: `<groupPrefix>.<route name>`. */
export function consumerGroupId(groupPrefix: string, routeName: string): string {
  return `${groupPrefix}.${routeName}`;
}

/**
 * The bus over Apache Kafka (kafkajs), with Knative Broker semantics: a consumer group per route,
 * filters, retries with backoff, a dead-letter topic, replies produced back, and an offset committed
 * only once the event was answered 2xx or dead-lettered. The consumer heartbeats while a long handler
 * runs so the group does not evict it.
 */
export type KafkaBus = Bus & {
  readonly kind: "kafka";
  /**
   * Delivers again every event produced at or after `to` (see kafka-rewind.ts): the consumers leave
   * their groups, the groups' offsets move back, and the consumers join again. For a database restored
   * to an earlier point in time; the functions' idempotency absorbs what was already done.
   */
  rewind(to: Date): Promise<RewindResult>;
};

export function createKafkaBus(options: KafkaBusOptions): KafkaBus {
  const {
    brokers,
    routes,
    topic = DEFAULT_EVENTS_TOPIC,
    deadLetterTopic = deadLetterTopicFor(topic),
    partitions = 8,
    clientId = "casemix",
    backoffScale = 1,
    groupPrefix = "casemix",
    heartbeatMs = 3000,
    onError,
  } = options;
  // kafkajs is loaded on first use, not at import: a function process imports this package (through
  // @casemix/runtime) but never talks to Kafka, and loading kafkajs costs its cold start ~70 ms.
  let kafka!: Kafka;
  let producer!: Producer;
  const consumers: Consumer[] = [];
  let inflight = 0;
  let ready: Promise<void> | undefined;

  const start = () =>
    (ready ??= (async () => {
      const { Kafka: KafkaClient, logLevel } = await import("kafkajs");
      const level = { nothing: logLevel.NOTHING, error: logLevel.ERROR, warn: logLevel.WARN, info: logLevel.INFO }[options.logLevel ?? "error"];
      kafka = new KafkaClient({ clientId, brokers, logLevel: level, retry: { retries: 10, initialRetryTime: 200 } });
      producer = kafka.producer({ allowAutoTopicCreation: false });
      const admin = kafka.admin();
      await admin.connect();
      try {
        const existing = new Set(await admin.listTopics());
        const wanted = [
          { topic, numPartitions: partitions },
          { topic: deadLetterTopic, numPartitions: 1 },
        ].filter((t) => !existing.has(t.topic));
        if (wanted.length > 0) await admin.createTopics({ topics: wanted, waitForLeaders: true });
      } finally {
        await admin.disconnect();
      }
      await producer.connect();
    })().catch((error: unknown) => {
      ready = undefined; // Kafka unreachable at start: the next call tries again
      throw error;
    }));

  const publish = async (events: readonly CasemixEvent[]) => {
    if (events.length === 0) return;
    await start();
    // One span per produce call (a batch of events, never one per claim); off when tracing is off.
    await inSpan("kafka publish", { kind: SpanKind.PRODUCER, attributes: { "messaging.system": "kafka", "messaging.destination.name": topic, "messaging.batch.message_count": events.length } }, () =>
      producer.send({ topic, messages: events.map(eventToKafka) }),
    );
  };

  const deliverOne = async (payload: EachBatchPayload, route: Route, subscriber: Subscriber, event: CasemixEvent) => {
    const beat = setInterval(() => void payload.heartbeat().catch(() => undefined), heartbeatMs);
    try {
      const outcome = await deliverWithRetry(event, subscriber, route.delivery, { backoffScale });
      if (outcome.kind === "delivered") {
        if (outcome.reply) await publish([outcome.reply]);
        return;
      }
      const id = deadLetterId(route.name, event);
      await producer.send({ topic: deadLetterTopic, messages: [deadLetterRecord(id, route.name, event, outcome)] });
      const letter: DeadLetter = { id, route: route.name, event, status: outcome.status, reason: outcome.reason, attempts: outcome.attempts, at: new Date().toISOString() };
      await options.onDeadLetter?.(letter).catch((error: unknown) => onError?.(error));
    } finally {
      clearInterval(beat);
    }
  };

  let closing = false;
  // Consumers that leave on purpose (a rewind) are not replaced by the crash handler below.
  const leaving = new Set<Consumer>();
  const subscriptions: { route: Route; subscriber: Subscriber }[] = [];
  const consume = async (route: Route, subscriber: Subscriber): Promise<void> => {
    const groupId = consumerGroupId(groupPrefix, route.name);
    const consumer = kafka.consumer({ groupId, sessionTimeout: 30_000, heartbeatInterval: heartbeatMs });
    consumers.push(consumer);
    const { observer } = options;
    // Per partition, when this consumer finished its last record (for the observer's delivery delay).
    const doneAt = new Map<number, number>();
    if (observer) {
      consumer.on(consumer.events.GROUP_JOIN, () => {
        doneAt.clear(); // the partitions may have moved: what this consumer knew of them is void
        observer.groupJoined?.(groupId);
      });
    }
    // kafkajs restarts a consumer after a retriable crash (the broker gone for longer than its
    // retries); one that crashed for good is replaced, so a route never stops consuming silently.
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart || closing || leaving.has(consumer)) return;
      onError?.(payload.error);
      consumers.splice(consumers.indexOf(consumer), 1);
      const again = () => void consume(route, subscriber).catch((error) => (onError?.(error), setTimeout(again, 5000)));
      setTimeout(again, 5000);
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: true,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: partitions,
      eachBatch: async (payload) => {
        for (const message of payload.batch.messages) {
          if (!payload.isRunning() || payload.isStale()) break;
          let event: CasemixEvent | undefined;
          try {
            event = eventFromKafka(message);
          } catch (error) {
            // A record that is not a CloudEvent cannot be delivered; Knative drops such records too.
            onError?.(error);
          }
          if (event && isForRoute(event, route.name) && matchesFilters(route.filters, attributesOf(event))) {
            observer?.dispatched?.({
              groupId, partition: payload.batch.partition, offset: message.offset,
              producedAt: Number(message.timestamp), dispatchedAt: Date.now(), previousDoneAt: doneAt.get(payload.batch.partition),
            });
            inflight += 1;
            try {
              await deliverOne(payload, route, subscriber, event);
            } catch (error) {
              // Kafka went away while the reply or the dead letter was being produced: the offset
              // stays where it is, kafkajs retries the batch (restarting the consumer when it must),
              // and the redelivery gets the subscriber's stored reply and produces it then.
              onError?.(error);
              throw error;
            } finally {
              inflight -= 1;
            }
          }
          payload.resolveOffset(message.offset);
          if (observer) doneAt.set(payload.batch.partition, Date.now());
          observer?.consumed?.({ groupId, partition: payload.batch.partition, lag: Math.max(0, Number(payload.batch.highWatermark) - Number(message.offset) - 1) });
          await payload.commitOffsetsIfNecessary();
        }
      },
    });
  };

  const subscribe = async (subscriber: Subscriber) => {
    await start();
    for (const route of routes.filter((r) => r.subscriber === subscriber.name)) {
      subscriptions.push({ route, subscriber });
      await consume(route, subscriber);
    }
  };

  const rewind = async (to: Date): Promise<RewindResult> => {
    await start();
    const current = consumers.splice(0);
    current.forEach((c) => leaving.add(c));
    await Promise.all(current.map((c) => c.disconnect().catch((error) => onError?.(error))));
    const admin = kafka.admin();
    await admin.connect();
    try {
      const groups = [...new Set(subscriptions.map((s) => consumerGroupId(groupPrefix, s.route.name)))];
      const moved = await rewindGroups(admin, topic, groups, to);
      for (const s of subscriptions) await consume(s.route, s.subscriber);
      return moved;
    } finally {
      await admin.disconnect();
    }
  };

  return {
    kind: "kafka",
    publish,
    subscribe,
    rewind,
    idle: async () => {
      while (inflight > 0) await new Promise((r) => setTimeout(r, 20));
    },
    deadLetters: async () => {
      await start();
      return readDeadLetters(kafka, deadLetterTopic, routes);
    },
    replay: async (id) => {
      await start();
      const letter = (await readDeadLetters(kafka, deadLetterTopic, routes)).find((l) => l.id === id);
      if (!letter) throw new Error(`no dead letter ${id}`);
      await publish([{ ...letter.event, [REPLAY_ROUTE_ATTRIBUTE]: letter.route }]);
      await producer.send({ topic: deadLetterTopic, messages: [replayedMarker(id)] });
    },
    close: async () => {
      closing = true;
      if (!ready) return;
      await ready.catch(() => undefined);
      await Promise.all(consumers.map((c) => c.disconnect().catch(() => undefined)));
      await producer?.disconnect().catch(() => undefined);
    },
  };
}

export { eventFromKafka };
