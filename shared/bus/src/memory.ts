import { AsyncResource } from "node:async_hooks";
import { deriveEventId, matchesFilters } from "@casemix/events";
import type { CasemixEvent, Route } from "@casemix/events";
import { attributesOf, isForRoute, REPLAY_ROUTE_ATTRIBUTE } from "./attributes.ts";
import { createMemoryDeadLetterStore, type DeadLetterStore } from "./dead-letters.ts";
import { deliverWithRetry } from "./delivery.ts";
import type { Bus, DeadLetter, Subscriber } from "./port.ts";

export type MemoryBusOptions = {
  routes: readonly Route[];
  deadLetters?: DeadLetterStore;
  /** Shrinks backoff waits, e.g. 0.001 in tests; 1 keeps Knative's timing. */
  backoffScale?: number;
  onError?: (error: unknown) => void;
  /** Called once a letter is stored (e.g. to fail the batch of a dead-lettered chunk); its failure goes to onError. */
  onDeadLetter?: (letter: DeadLetter) => Promise<unknown>;
};

/**
 * The in-process bus of the embedded mode: the same routing table and delivery rules as the Knative
 * Broker (filters, retries with backoff, dead-letter, replies published back), with no server. An
 * `ordered` route delivers one event of a partition key at a time, in publish order (retries and all),
 * as the Kafka Trigger's ordered delivery does; other routes deliver every event at once.
 *
 * @example
 * const bus = createMemoryBus({ routes });
 * await bus.subscribe({ name: "validate", deliver: (e) => processor.process(e) });
 * await bus.publish([event]);
 * await bus.idle();
 */
export function createMemoryBus({ routes, deadLetters = createMemoryDeadLetterStore(), backoffScale = 1, onError, onDeadLetter }: MemoryBusOptions): Bus {
  const subscribers = new Map<string, Subscriber>();
  const inflight = new Set<Promise<void>>();
  // The last delivery queued per (ordered route, partition key): the next one starts when it ends.
  const lanes = new Map<string, Promise<void>>();
  let closed = false;
  // Deliveries run in the bus's own async context, not the publisher's: a publish from inside a
  // database transaction must not make the subscriber's queries look like part of that transaction.
  const context = new AsyncResource("casemix-memory-bus");

  const deliver = async (event: CasemixEvent, route: Route, subscriber: Subscriber) => {
    const outcome = await deliverWithRetry(event, subscriber, route.delivery, { backoffScale });
    if (outcome.kind === "delivered") {
      if (outcome.reply) publishNow([outcome.reply]);
      return;
    }
    const letter: DeadLetter = {
      id: deriveEventId("dead-letter", route.name, event.source, event.id),
      route: route.name,
      event,
      status: outcome.status,
      reason: outcome.reason,
      attempts: outcome.attempts,
      at: new Date().toISOString(),
    };
    await deadLetters.add(letter);
    await onDeadLetter?.(letter);
  };

  const track = (p: Promise<void>) => {
    const tracked = p.catch((error) => onError?.(error)).finally(() => inflight.delete(tracked));
    inflight.add(tracked);
  };

  const publishNow = (events: readonly CasemixEvent[]) => {
    if (closed) throw new Error("bus is closed");
    for (const event of events) {
      const attrs = attributesOf(event);
      for (const route of routes) {
        const subscriber = subscribers.get(route.subscriber);
        if (!subscriber || !isForRoute(event, route.name)) continue;
        if (!matchesFilters(route.filters, attrs)) continue;
        // Each route gets its own asynchronous delivery, as each Trigger has its own dispatcher.
        const start = () => new Promise<void>((resolve, reject) => context.runInAsyncScope(() => setImmediate(() => deliver(event, route, subscriber).then(resolve, reject))));
        if (!route.ordered) {
          track(start());
          continue;
        }
        const lane = `${route.name}\u0000${event.partitionkey ?? ""}`;
        const next = (lanes.get(lane) ?? Promise.resolve()).catch(() => undefined).then(start);
        lanes.set(lane, next);
        const forget = () => void (lanes.get(lane) === next && lanes.delete(lane));
        next.then(forget, forget);
        track(next);
      }
    }
  };

  return {
    kind: "memory",
    publish: async (events) => publishNow(events),
    subscribe: async (subscriber) => void subscribers.set(subscriber.name, subscriber),
    idle: async () => {
      while (inflight.size > 0) await Promise.all([...inflight]);
    },
    deadLetters: () => deadLetters.list(),
    replay: async (id) => {
      const letter = await deadLetters.take(id);
      if (!letter) throw new Error(`no dead letter ${id}`);
      publishNow([{ ...letter.event, [REPLAY_ROUTE_ATTRIBUTE]: letter.route }]);
    },
    close: async () => {
      closed = true;
    },
  };
}
