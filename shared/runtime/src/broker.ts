import { Hono } from "hono";
import { createKafkaBus, type Bus } from "@casemix/bus";
import type { Route } from "@casemix/events";
import { createFunctionApp } from "./app.ts";
import { createHttpSubscriber } from "./http-subscriber.ts";
import type { Logger } from "./logger.ts";
import { serveApp, type RunningServer } from "./serve.ts";

export type LocalBrokerOptions = {
  brokers: string[];
  routes: readonly Route[];
  /** Function name -> its base URL; more can be added with `addSubscribers` once they are ready. */
  subscribers?: Record<string, string>;
  port?: number;
  log: Logger;
  topic?: string;
  /** Prefix of the dispatchers' consumer groups (`<prefix>.<route>`); default "casemix". */
  groupPrefix?: string;
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
 */
export async function startLocalBroker({ brokers, routes, subscribers = {}, port = 0, log, topic, groupPrefix }: LocalBrokerOptions): Promise<LocalBroker> {
  const bus = createKafkaBus({ brokers, routes, topic, groupPrefix, onError: (e) => log.warn("dispatch error", { error: (e as Error).message }) });
  const ingress = new Hono();
  ingress.route("/", createFunctionApp({ processor: { process: async (event) => (await bus.publish([event]), { status: 202 }) } }));
  const server = await serveApp(ingress, { port });
  const addSubscribers = async (more: Record<string, string>) => {
    for (const [name, url] of Object.entries(more)) await bus.subscribe(createHttpSubscriber({ name, url }));
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
