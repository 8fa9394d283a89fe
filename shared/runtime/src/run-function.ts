import { Hono } from "hono";
import { withCaller } from "@casemix/db";
import { BaseEnvSchema, parseEnv } from "./env.ts";
import { eventAudience, mesh, routes } from "@casemix/events";
import { createFunctionApp, createProbesApp } from "./app.ts";
import { eventAuthenticatorFromEnv } from "./event-auth.ts";
import { createDeadLetterIngress, deadLetterAuthenticatorFromEnv } from "./dead-letter-ingress.ts";
import { tokenFromFile } from "./event-token.ts";
import { trustBrokerCa } from "./broker-ca.ts";
import type { FunctionModule } from "./function-module.ts";
import { createHttpSink } from "./http-sink.ts";
import { createLogger } from "./logger.ts";
import { validateEventData } from "./validate-data.ts";
import { createOutboxRelay, type EventSink } from "./outbox-relay.ts";
import { createPlatform } from "./platform.ts";
import { createEventProcessor } from "./processor.ts";
import { serveApp, type RunningServer } from "./serve.ts";
import { answerError } from "./answer-error.ts";
import { accessLogFor, requestContext } from "./request-context.ts";
import { readDatabaseGaugesFrom, startTelemetry, tracedDb, tracedStore } from "./telemetry.ts";

export type FunctionProcess = { server: RunningServer; close(): Promise<void> };

/**
 * Runs one function as its own HTTP service, the way a Knative Service runs it: probes on /healthz and
 * /readyz, and by FUNCTION_SERVES its REST routes (`rest`), its CloudEvent ingress on `POST /` with
 * token checks (`events`, with `POST /dead-letters` too for `mesh.deadLetter.consumer`), or both (`all`);
 * outbox events relayed to K_SINK with EVENT_TOKEN_FILE's token.
 * Migrations are not run here (`casemix migrate` does that once), so a cold start stays short.
 */
export async function runFunctionProcess(module: FunctionModule, source: Record<string, string | undefined>): Promise<FunctionProcess> {
  const env = parseEnv(BaseEnvSchema, source);
  const log = createLogger({ level: env.LOG_LEVEL, fields: { fn: module.name } });
  trustBrokerCa(env.K_CA_CERTS);
  const tracing = await startTelemetry(env, module.name, log);
  const sink: EventSink = env.K_SINK
    ? createHttpSink(env.K_SINK, { token: env.EVENT_TOKEN_FILE ? tokenFromFile(env.EVENT_TOKEN_FILE) : undefined })
    : async (events) => {
        if (events.length > 0) throw new Error("K_SINK is not set: this function has no broker to send events to");
      };
  // Events a REST call starts carry the person who made it (audit.ts withCaller); the relay sends
  // outbox rows as they were stored, whatever context it runs in.
  const platform = await createPlatform(env, { send: (events) => sink(withCaller(events)), log, source });
  platform.db = tracedDb(platform.db);
  platform.store = tracedStore(platform.store);
  readDatabaseGaugesFrom(platform.db);
  const relay = createOutboxRelay({ db: platform.db, sink, log });
  const instance = await module.create(platform);
  const processor = instance.fn
    ? createEventProcessor({ fn: instance.fn, db: platform.db, deps: {}, log, validateData: validateEventData, onOutbox: () => relay.nudge() })
    : { process: async () => ({ status: 404, error: { code: "E_NO_HANDLER", message: `${module.name} takes no events` } }) };
  const app = new Hono();
  app.onError((error, c) => answerError(error, c, log));
  app.use("*", requestContext({ accessLog: accessLogFor(env.ACCESS_LOG, log), fn: module.name }));
  const probes = { ready: () => platform.db.ping(), name: module.name };
  if (instance.routes && env.FUNCTION_SERVES !== "events") app.route("/", instance.routes);
  if (env.FUNCTION_SERVES === "rest") {
    app.route("/", createProbesApp(probes));
  } else {
    const { authenticate, configured } = eventAuthenticatorFromEnv(env, eventAudience(module.name));
    if (!configured) log.warn("event ingress refuses every event: set EVENT_ISSUER, EVENT_JWKS or EVENT_JWKS_URL, EVENT_SENDERS");
    // The function that completes batches also fails them: on Knative its events Service takes the
    // dead letters the KafkaSource reads back (knative/src/objects.ts deadLetterSource).
    if (module.name === mesh.deadLetter.consumer) {
      const deadLetters = deadLetterAuthenticatorFromEnv(env, module.name);
      // Under `casemix mesh` (all) its dispatcher fails batches in process, so no sender is expected there.
      if (!deadLetters.configured && env.FUNCTION_SERVES === "events") log.warn("dead-letter ingress refuses every letter: set DEAD_LETTER_SENDERS (and the event token settings)");
      app.route("/", createDeadLetterIngress({ db: platform.db, routes, authenticate: deadLetters.authenticate, log }));
    }
    app.route("/", createFunctionApp({ processor, authenticate, ...probes }));
  }
  const server = await serveApp(app, { port: env.PORT, hostname: "127.0.0.1" });
  log.info("function listening", { port: server.port });
  return {
    server,
    close: async () => {
      await server.close();
      await relay.stop();
      await instance.close?.();
      await platform.db.close();
      await platform.cache.close();
      await tracing?.shutdown();
    },
  };
}

/**
 * Runs a function process until SIGTERM or SIGINT (what Knative sends to scale a revision down), then
 * closes it: the `main` of `casemix function <name>` and of a function's deployable bundle.
 */
export async function runFunctionUntilStopped(module: FunctionModule, source: Record<string, string | undefined>): Promise<void> {
  const proc = await runFunctionProcess(module, source);
  await new Promise<void>((resolve) => {
    process.once("SIGTERM", () => resolve());
    process.once("SIGINT", () => resolve());
    // Under `casemix mesh`: a supervisor that died without stopping us (SIGKILL) leaves us to another
    // parent; a function left running would keep serving a mesh that no longer exists, so it stops too.
    const supervisor = Number(source.CASEMIX_SUPERVISOR_PID);
    if (supervisor > 0) setInterval(() => process.ppid !== supervisor && resolve(), 1000).unref();
  });
  await proc.close();
}
