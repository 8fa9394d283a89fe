import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { consumerGroupId, consumerGroupsWithMembers } from "@casemix/bus";
import { migrate, createDb } from "@casemix/db";
import { routes } from "@casemix/events";
import { ensureS3Bucket } from "@casemix/storage";
import { startTestIssuer } from "@casemix/auth";
import { BaseEnvSchema, createLogger, createMeshEventAuth, createSupervisor, RUNTIME_NODE_FLAGS, failBatchOfDeadLetter, functionEntryPoints, parseEnv, startLocalBroker, startTelemetry, type Logger, type MeshEventAuth } from "@casemix/runtime";

export const summary = "distributed mode: each function its own process, a Kafka-backed broker delivering to them over HTTP";

export const usage = `usage: casemix mesh [--base-port 8100] [--ready-timeout-s 120] [--topic casemix.events] [--group-prefix casemix]
                   [--bundles <dir>]

Runs every function as its own process on its own port (base port + 1, + 2, ...) against PostgreSQL, S3 and
Redis, with a local broker on the base port doing what a Knative Kafka Broker and its Triggers do. Needs
KAFKA_BROKERS and DATABASE_URL (and S3_*, REDIS_URL): source scripts/services-env.sh.

Supervises the functions as Kubernetes would: each must answer /readyz within --ready-timeout-s, or every
process is stopped and the mesh exits 1; a function that dies is restarted after a backoff (1 s, doubling
up to 30 s), each restart logged. SIGTERM or SIGINT stops everything within a few seconds. The mesh refuses
to start (exit 3) when its consumer groups (<group-prefix>.<route>) already have members: another mesh
runs on that Kafka. --bundles runs each function from its bundle <dir>/<name>.mjs (npm run build: what
its image runs, a faster start) instead of the TypeScript source.`;

const cli = fileURLToPath(new URL("../../bin/casemix.js", import.meta.url));

/** SIGTERM to the functions, then SIGKILL to any still running after this. */
const CHILD_GRACE_MS = 3000;
/** The broker's Kafka clients get this long to leave their groups; a delivery in flight is not waited for. */
const BROKER_CLOSE_MS = 2000;

const within = <T>(p: Promise<T>, ms: number) => Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]);

/**
 * `casemix mesh`: the distributed mode on one machine, supervised (issue 16.7). The broker's ingress
 * listens first (functions relay their outbox to it from their first second); its dispatchers join
 * the consumer groups only once every function is ready. Deliveries and the functions' posts to the
 * ingress carry tokens signed with a key the mesh makes at start (issue 17), verified by the receiver.
 */
export async function run(args: string[], given: Record<string, string | undefined> = process.env): Promise<number> {
  let opts: { "base-port": string; "ready-timeout-s": string; topic: string; "group-prefix": string; bundles?: string };
  try {
    opts = parseArgs({
      args,
      options: { "base-port": { type: "string", default: "8100" }, "ready-timeout-s": { type: "string", default: "120" }, topic: { type: "string", default: "casemix.events" }, "group-prefix": { type: "string", default: "casemix" }, bundles: { type: "string" } },
    }).values as typeof opts;
  } catch (e) {
    console.error(`casemix mesh: ${(e as Error).message}\n${usage}`);
    return 2;
  }
  const basePort = Number(opts["base-port"]);
  const readyTimeoutMs = Number(opts["ready-timeout-s"]) * 1000;
  if (!Number.isInteger(basePort) || basePort < 1 || basePort > 65000 || !(readyTimeoutMs > 0)) {
    console.error(`casemix mesh: --base-port must be a port and --ready-timeout-s a positive number\n${usage}`);
    return 2;
  }
  const source = { ...given };
  const env = parseEnv(BaseEnvSchema, source);
  if (!env.KAFKA_BROKERS || !env.DATABASE_URL) {
    console.error("casemix mesh: set KAFKA_BROKERS and DATABASE_URL (source scripts/services-env.sh after npm run services:up)");
    return 2;
  }
  const log = createLogger({ level: env.LOG_LEVEL, fields: { process: "mesh" } });
  // The broker's dispatch and publish spans, and its lag and dead-letter metrics on the ingress's /metrics.
  const tracing = await startTelemetry(env, "broker", log);
  const brokers = env.KAFKA_BROKERS.split(",");
  const groupIds = [...new Set(routes.map((r) => consumerGroupId(opts["group-prefix"], r.name)))];
  const busy = await consumerGroupsWithMembers(brokers, groupIds);
  if (busy.length > 0) {
    const who = busy.map((g) => `${g.groupId} (${g.members.map((m) => `${m.clientId}@${m.host}`).join(", ")})`).join("; ");
    console.error(`casemix mesh: consumer groups already have members: ${who}. Another mesh runs on this Kafka: stop it, or give this one its own --group-prefix and --topic.`);
    return 3;
  }
  // The broker keeps a connection: a dead-lettered chunk fails its batch with the reason.
  const db = await createDb(env);
  await migrate(db);
  if (env.S3_BUCKET) {
    await ensureS3Bucket({
      bucket: env.S3_BUCKET, region: env.S3_REGION, endpoint: env.S3_ENDPOINT,
      accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY, forcePathStyle: env.S3_FORCE_PATH_STYLE,
    });
  }
  const issuer = source.OIDC_ISSUER ? undefined : await startTestIssuer();
  if (issuer) Object.assign(source, { OIDC_ISSUER: issuer.issuer, OIDC_JWKS_URL: issuer.jwksUrl, OIDC_AUDIENCE: issuer.audience });
  const auth = await createMeshEventAuth();
  const broker = await startLocalBroker({ brokers, routes, port: basePort, log, topic: opts.topic, groupPrefix: opts["group-prefix"], auth, onDeadLetter: (letter) => failBatchOfDeadLetter(db, letter) });
  const names = [...(await functionEntryPoints()).keys()];
  const eventEnvs = new Map(await Promise.all(names.map(async (name) => [name, await auth.functionEnv(name)] as const)));
  const subscribers = Object.fromEntries(names.map((name, i) => [name, `http://127.0.0.1:${basePort + 1 + i}`]));
  // The web application calls each function's REST API where that function listens.
  const apiUrls = Object.entries(subscribers).map(([name, url]) => `${name}=${url}`).join(",");
  const supervisor = createSupervisor({
    readyTimeoutMs,
    log,
    children: names.map((name) => ({
      name,
      url: subscribers[name],
      spawn: () =>
        spawn(process.execPath, [...RUNTIME_NODE_FLAGS, ...(opts.bundles ? [join(opts.bundles, `${name}.mjs`)] : [cli, "function", name])], {
          env: { WEB_API_URLS: apiUrls, ...source, ...eventEnvs.get(name), PORT: new URL(subscribers[name]).port, K_SINK: broker.ingressUrl, CASEMIX_SUPERVISOR_PID: String(process.pid) },
          stdio: ["ignore", "inherit", "inherit"],
        }),
    })),
  });
  const stopped = waitForSignal(log);
  const started = await Promise.race([supervisor.start(), stopped.then(() => ({ ok: false as const, error: { code: "E_STOPPED", message: "stopped by a signal during start" } }))]);
  if (!started.ok) {
    log.error("mesh start failed; stopping every function", { code: started.error.code, error: started.error.message });
    await shutdown(supervisor, broker, issuer, auth, log);
    await db.close().catch(() => undefined);
    return 1;
  }
  await broker.addSubscribers(subscribers);
  const pids = supervisor.pids();
  console.log(`broker ingress ${broker.ingressUrl}`);
  for (const [name, url] of Object.entries(subscribers)) console.log(`${name.padEnd(14)} ${url}  pid ${pids.get(name)}`);
  if (issuer) {
    const token = await issuer.token({ sub: "admin", roles: ["admin", "ministry"], expiresIn: "12h" });
    console.log(`development issuer ${issuer.issuer}; admin token (12 h):\n${token}`);
  }
  await stopped;
  await shutdown(supervisor, broker, issuer, auth, log);
  await db.close().catch(() => undefined);
  await tracing?.shutdown();
  return 0;
}

/** Resolves on the first SIGTERM or SIGINT; a second one exits at once. */
function waitForSignal(log: Logger): Promise<void> {
  return new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      log.info("mesh stopping", { signal });
      process.once("SIGTERM", () => process.exit(130));
      process.once("SIGINT", () => process.exit(130));
      resolve();
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  });
}

/**
 * Stops in an order that cannot hang on events in flight: the ingress first (nothing new comes in),
 * then the functions (a delivery in flight fails fast against a stopped function and its offset stays
 * uncommitted, so the next mesh delivers it again), then the Kafka clients, each step bounded.
 */
async function shutdown(
  supervisor: ReturnType<typeof createSupervisor>,
  broker: Awaited<ReturnType<typeof startLocalBroker>>,
  issuer: { close(): Promise<void> } | undefined,
  auth: MeshEventAuth,
  log: Logger,
): Promise<void> {
  const t0 = Date.now();
  await within(broker.server.close(), 1000);
  await supervisor.stop(CHILD_GRACE_MS);
  if (!(await within(broker.bus.close(), BROKER_CLOSE_MS))) log.warn("broker's Kafka clients did not close in time; leaving them", { ms: BROKER_CLOSE_MS });
  await issuer?.close();
  await auth.close();
  log.info("mesh stopped", { ms: Date.now() - t0 });
  // A Kafka client still retrying (a dispatch in backoff) must not keep a stopped mesh alive, nor let
  // it rejoin its consumer groups later: once everything above is done, the process ends.
  setTimeout(() => process.exit(process.exitCode ?? 0), 200).unref();
}
