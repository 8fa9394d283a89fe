import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { migrate, createDb } from "@casemix/db";
import { routes } from "@casemix/events";
import { ensureS3Bucket } from "@casemix/storage";
import { startTestIssuer } from "@casemix/auth";
import { BaseEnvSchema, createLogger, createMeshEventAuth, functionEntryPoints, parseEnv, startLocalBroker } from "@casemix/runtime";

export const summary = "distributed mode: each function its own process, a Kafka-backed broker delivering to them over HTTP";

const cli = fileURLToPath(new URL("../../bin/casemix.js", import.meta.url));

/**
 * `casemix mesh`: runs every function as its own process on its own port (8101, 8102, ...) against
 * PostgreSQL, S3 and Redis, with a local broker that does what a Knative Kafka Broker and its Triggers
 * do: an HTTP ingress (every function's K_SINK) producing to Kafka, and a dispatcher per route POSTing
 * to the function. Deliveries and the functions' posts to the ingress carry tokens signed with a key the
 * mesh makes at start (issue 17), verified by the receiver. Needs KAFKA_BROKERS and DATABASE_URL (and S3_*, REDIS_URL for the real adapters);
 * `source scripts/services-env.sh` after `npm run services:up` sets them all.
 */
export async function run(args: string[], given: Record<string, string | undefined> = process.env): Promise<number> {
  const source = { ...given };
  const issuer = source.OIDC_ISSUER ? undefined : await startTestIssuer();
  if (issuer) Object.assign(source, { OIDC_ISSUER: issuer.issuer, OIDC_JWKS_URL: issuer.jwksUrl, OIDC_AUDIENCE: issuer.audience });
  const env = parseEnv(BaseEnvSchema, source);
  const basePort = Number(args[args.indexOf("--base-port") + 1] || 8100) || 8100;
  const brokerPort = basePort;
  if (!env.KAFKA_BROKERS || !env.DATABASE_URL) {
    console.error("casemix mesh: set KAFKA_BROKERS and DATABASE_URL (source scripts/services-env.sh after npm run services:up)");
    return 2;
  }
  const log = createLogger({ level: env.LOG_LEVEL, fields: { process: "broker" } });
  const db = await createDb(env);
  await migrate(db);
  await db.close();
  if (env.S3_BUCKET) {
    await ensureS3Bucket({
      bucket: env.S3_BUCKET,
      region: env.S3_REGION,
      endpoint: env.S3_ENDPOINT,
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
      forcePathStyle: env.S3_FORCE_PATH_STYLE,
    });
  }
  // The broker's ingress listens first: functions relay their outbox to it from their first second.
  const auth = await createMeshEventAuth();
  const broker = await startLocalBroker({ brokers: env.KAFKA_BROKERS.split(","), routes, port: brokerPort, log, auth });
  const entries = [...(await functionEntryPoints()).keys()];
  const children: ChildProcess[] = [];
  const subscribers: Record<string, string> = {};
  for (const [i, name] of entries.entries()) {
    const port = basePort + 1 + i;
    subscribers[name] = `http://127.0.0.1:${port}`;
    const eventEnv = await auth.functionEnv(name);
    const child = spawn(process.execPath, [cli, "function", name], {
      env: { ...source, ...eventEnv, PORT: String(port), K_SINK: `http://127.0.0.1:${brokerPort}` },
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.on("exit", (code, signal) => log.warn("function exited", { fn: name, code, signal }));
    children.push(child);
  }
  await Promise.all(Object.entries(subscribers).map(([name, url]) => waitReady(name, url)));
  await broker.addSubscribers(subscribers);
  console.log(`broker ingress ${broker.ingressUrl}`);
  for (const [name, url] of Object.entries(subscribers)) console.log(`${name.padEnd(14)} ${url}`);
  if (issuer) {
    const token = await issuer.token({ sub: "admin", roles: ["admin", "ministry"], expiresIn: "12h" });
    console.log(`development issuer ${issuer.issuer}; admin token (12 h):\n${token}`);
  }
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await broker.close();
  for (const child of children) child.kill("SIGTERM");
  await issuer?.close();
  await auth.close();
  return 0;
}

async function waitReady(name: string, url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} at ${url} was not ready within ${timeoutMs} ms`);
}
