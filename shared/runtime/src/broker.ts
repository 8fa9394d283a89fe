import { Hono } from "hono";
import { createKafkaBus, type Bus, type DeadLetter, type KafkaBusObserver } from "@casemix/bus";
import { consumerLag, deadLetters, metricsEnabled } from "@casemix/telemetry";
import type { Route } from "@casemix/events";
import { createFunctionApp } from "./app.ts";
import { createHttpSubscriber } from "./http-subscriber.ts";
import type { Logger } from "./logger.ts";
import type { MeshEventAuth } from "./mesh-event-auth.ts";
import { serveApp, type RunningServer } from "./serve.ts";

export type LocalBrokerOptions = {
  brokers: string[];
  routes: readonly Route[];
  /** Function name -> its base URL; more can be added with `addSubscribers` once they are ready. */
  subscribers?: Record<string, string>;
  port?: number;
  log: Logger;
  topic?: string;
  /** Consumer-group prefix (tests: one per run, so runs on the same Kafka never share a group). */
  groupPrefix?: string;
  /** The mesh's event keys: the ingress verifies senders' tokens, the dispatcher signs each delivery. */
  auth: MeshEventAuth;
  /** Called once a letter is on the dead-letter topic: `casemix mesh` fails the batch of a dead-lettered chunk. */
  onDeadLetter?: (letter: DeadLetter) => Promise<unknown>;
  /** Also told of every join and dispatch (the national benchmark's delivery statistics). */
  observer?: KafkaBusObserver;
};

export type LocalBroker = {
  bus: Bus;
  server: RunningServer;
  ingressUrl: string;
  addSubscribers(subscribers: Record<string, string>): Promise<void>;
  close(): Promise<void>;
};

/**
 * A local stand-in for a Knative Kafka Broker with its Triggers: an HTTP ingress (the K_SINK of every
 * function) that produces to Kafka, and a dispatcher per route that consumes and POSTs each event to its
 * subscriber over HTTP, publishing replies back, with the routes' retry and dead-letter settings.
 * As a Knative Broker with `authentication-oidc` and an EventPolicy: the ingress takes only events that
 * carry a token of one of the mesh's functions; each delivery carries a token for its
 * subscriber's audience.
 */
export async function startLocalBroker({ brokers, routes, subscribers = {}, port = 0, log, topic, groupPrefix, auth, onDeadLetter, observer }: LocalBrokerOptions): Promise<LocalBroker> {
  // The dispatcher's lag and dead letters are the broker's metrics, served on its ingress's /metrics
  // (on Knative the Kafka Broker's own metrics say the same).
  const measured: KafkaBusObserver = {
    groupJoined: (groupId) => observer?.groupJoined?.(groupId),
    dispatched: (d) => observer?.dispatched?.(d),
    consumed: (c) => {
      if (metricsEnabled()) consumerLag.set({ group: c.groupId, partition: String(c.partition) }, c.lag);
      observer?.consumed?.(c);
    },
  };
  const countedDeadLetter = async (letter: DeadLetter) => {
    if (metricsEnabled()) deadLetters.inc({ route: letter.route, status: String(letter.status) });
    return onDeadLetter?.(letter);
  };
  const bus = createKafkaBus({ brokers, routes, topic, groupPrefix, observer: measured, onDeadLetter: countedDeadLetter, onError: (e) => log.warn("dispatch error", { error: (e as Error).message }) });
  const ingress = new Hono();
  const publish = { process: async (event: Parameters<Bus["publish"]>[0][number]) => (await bus.publish([event]), { status: 202 as const }) };
  ingress.route("/", createFunctionApp({ processor: publish, authenticate: auth.brokerIngress() }));
  const server = await serveApp(ingress, { port });
  const addSubscribers = async (more: Record<string, string>) => {
    for (const [name, url] of Object.entries(more)) await bus.subscribe(createHttpSubscriber({ name, url, token: auth.deliveryToken(name) }));
  };
  await addSubscribers(subscribers);
  return {
    bus,
    server,
    ingressUrl: server.url,
    addSubscribers,
    close: async () => {
      await server.close();
      await bus.close();
    },
  };
}
