import { Hono } from "hono";
import { createMemoryBus, type Bus } from "@casemix/bus";
import { migrate, withCaller } from "@casemix/db";
import { routes as allRoutes, type CasemixEvent, type Route } from "@casemix/events";
import { answerError } from "./answer-error.ts";
import { createProbesApp } from "./app.ts";
import { failBatchOfDeadLetter } from "./dead-letter-batch.ts";
import { createDbDeadLetterStore } from "./db-dead-letters.ts";
import type { BaseEnv } from "./env.ts";
import type { FunctionInstance, FunctionModule, Platform } from "./function-module.ts";
import type { Logger } from "./logger.ts";
import { createOutboxRelay, type OutboxRelay } from "./outbox-relay.ts";
import { accessLogFor, requestContext } from "./request-context.ts";
import { createPlatform } from "./platform.ts";
import { createEventProcessor } from "./processor.ts";
import { validateEventData } from "./validate-data.ts";
import { readDatabaseGaugesFrom, startTelemetry, tracedDb, tracedStore } from "./telemetry.ts";
import { deadLetters, metricsEnabled } from "@casemix/telemetry";


export type EmbeddedMesh = {
  app: Hono;
  bus: Bus;
  platform: Platform;
  /** Resolves when no event is in flight and the outbox is empty. */
  idle(): Promise<void>;
  close(): Promise<void>;
};

export type EmbeddedMeshOptions = {
  modules: readonly FunctionModule[];
  env: BaseEnv;
  /** The raw variables functions parse their own env from. */
  source?: Record<string, string | undefined>;
  log: Logger;
  routes?: readonly Route[];
  /** A platform made elsewhere (tests); by default one is created from `env`. */
  platform?: Platform;
  backoffScale?: number;
};

/**
 * PGlite settings of the embedded mesh, under those of `PGLITE_SETTINGS`. One PGlite holds every
 * function's tables, and at PostgreSQL's default 128 MB of shared buffers a national month does not fit:
 * a 400k-claim month (~1.7 GB of tables) spent 16 s of its database thread reading back pages it had
 * evicted and most of 34 s writing them out (--cpu-prof, e2e/README.md). One run each: 128 MB 2,369,
 * 512 MB 2,735, 1 GB 2,932 claims/s end to end; but PostgreSQL touches the whole pool when it opens (its
 * RSS at once, and ~4 s to open at 1 GB against ~0.7 s), so 1 GB is left to `PGLITE_SETTINGS=shared_buffers=1GB`.
 */
export const EMBEDDED_MESH_PGLITE_SETTINGS: Readonly<Record<string, string>> = { shared_buffers: "512MB" };

/** The env with the embedded mesh's PGlite settings under the ones it gives (nothing changes on PostgreSQL). */
export function embeddedMeshEnv(env: BaseEnv): BaseEnv {
  if (env.DATABASE_URL) return env;
  return { ...env, PGLITE_SETTINGS: { ...EMBEDDED_MESH_PGLITE_SETTINGS, ...env.PGLITE_SETTINGS } };
}

/**
 * The whole mesh in one process: every function subscribed to the in-process bus with the routing
 * table of `events/`, sharing one set of ports, and all REST routes on one Hono app. The app has no
 * event ingress: events travel in process only, so nothing reaching the port can put one on the bus
 * (issue 17: an anonymous `POST /` once closed a payment period and forged a batch's webhook).
 */
export async function startEmbeddedMesh({ modules, env, source = {}, log, routes = allRoutes, platform: given, backoffScale }: EmbeddedMeshOptions): Promise<EmbeddedMesh> {
  let bus: Bus | undefined;
  const publish = async (events: CasemixEvent[]) => bus!.publish(events);
  // Events a REST call starts carry the person who made it (audit.ts withCaller); the relay publishes
  // outbox rows as they were stored, whatever context it runs in.
  const send = async (events: CasemixEvent[]) => publish(withCaller(events));
  const tracing = await startTelemetry(env, "casemix", log);
  const platform = given ?? (await createPlatform(embeddedMeshEnv(env), { send, log, source }));
  platform.db = tracedDb(platform.db);
  platform.store = tracedStore(platform.store);
  await migrate(platform.db);
  readDatabaseGaugesFrom(platform.db);
  bus = createMemoryBus({
    routes,
    deadLetters: createDbDeadLetterStore(platform.db),
    backoffScale,
    onError: (error) => log.error("bus delivery failed", { error: (error as Error).message }),
    onDeadLetter: (letter) => {
      if (metricsEnabled()) deadLetters.inc({ route: letter.route, status: String(letter.status) });
      return failBatchOfDeadLetter(platform.db, letter);
    },
  });
  if (given) platform.send = send;
  const relay: OutboxRelay = createOutboxRelay({ db: platform.db, sink: publish, log });
  const app = new Hono();
  // As each function's own server answers (run-function.ts): a refused value 400, a transient failure 503.
  app.onError((error, c) => answerError(error, c, log));
  app.use("*", requestContext({ accessLog: accessLogFor(platform.env.ACCESS_LOG, log), fn: "mesh" }));
  const instances: FunctionInstance[] = [];
  for (const module of modules) {
    const instance = await module.create(platform);
    instances.push(instance);
    if (instance.fn) {
      const processor = createEventProcessor({
        fn: instance.fn,
        db: platform.db,
        deps: {},
        log: log.child({ fn: module.name }),
        validateData: validateEventData,
        onOutbox: () => relay.nudge(),
      });
      await bus.subscribe({ name: module.name, deliver: (event) => processor.process(event) });
    }
    if (instance.routes) app.route("/", instance.routes);
  }
  app.route("/", createProbesApp({ ready: () => platform.db.ping() }));
  return {
    app,
    bus,
    platform,
    idle: async () => {
      for (let i = 0; i < 1000; i++) {
        await bus!.idle();
        await relay.drain();
        await bus!.idle();
        const { rows } = await platform.db.query<{ n: number }>("SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL");
        if (Number(rows[0]?.n ?? 0) === 0) return;
      }
    },
    close: async () => {
      await relay.stop();
      for (const instance of instances) await instance.close?.();
      await bus!.close();
      await platform.db.close();
      await platform.cache.close();
      await tracing?.shutdown();
    },
  };
}
