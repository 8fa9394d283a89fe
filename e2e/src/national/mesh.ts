import pg from "pg";
import type { Bus, KafkaBusObserver } from "@casemix/bus";
import { startTestIssuer, type TestIssuer } from "@casemix/auth";
import { functionEntryPoints } from "@casemix/runtime";
import { createPostgresDb, grantFunctionRole } from "@casemix/db";
import { dropStores, freePort, freshStores, functionBundles, services, startBroker, startFunction, stopFunction, type Broker, type FunctionProc } from "../intake-distributed-harness.ts";

export { hasServices } from "../intake-distributed-harness.ts";

/** V8 limits of a function container (what its Knative Service's NODE_OPTIONS would carry). */
export const FUNCTION_NODE_FLAGS = ["--max-old-space-size=160", "--max-semi-space-size=8"];

/**
 * The whole mesh distributed: every function under functions/ in its own `casemix function` process on
 * PostgreSQL, S3 and Redis, a Kafka broker on this run's own topic delivering to each over HTTP.
 * `readyMs` is the time from spawn to /readyz answering 200, per function.
 */
export type NationalMesh = {
  procs: Map<string, FunctionProc>;
  readyMs: Map<string, number>;
  broker: Broker;
  issuer: TestIssuer;
  env: Record<string, string | undefined>;
  pool: pg.Pool;
  restart(name: string): Promise<FunctionProc>;
  close(): Promise<void>;
};

/** What the month's flow needs of a mesh, however it was started (harness-spawned or `casemix mesh`). */
export type MeshView = {
  procs: ReadonlyMap<string, { url: string }>;
  broker: { bus: Pick<Bus, "deadLetters" | "publish"> };
  issuer: TestIssuer;
  env: Record<string, string | undefined>;
  pool: pg.Pool;
};

export type NationalMeshOptions = {
  /** Kafka the broker runs on (default KAFKA_BROKERS, the shared one). */
  kafkaBrokers?: string;
  /** Silences kafkajs's log (a Kafka outage makes every consumer log each reconnect). */
  quietKafka?: boolean;
  /**
   * The functions connect as this role (created or granted on the run's database by `grantFunctionRole`:
   * it owns no table, so row-level security binds it) with DATABASE_ROW_SCOPE=on; the bench keeps the owner.
   */
  functionRole?: string;
  /** The benchmark's hooks on the broker's dispatchers (e2e/bench/dispatch-stats.ts). */
  observer?: KafkaBusObserver;
};

export async function startNationalMesh(tag: string, extraEnv: Record<string, string> = {}, options: NationalMeshOptions = {}): Promise<NationalMesh> {
  await functionBundles(); // built before the first spawn, so readyMs is the function's start alone
  // The demo configuration is installed with the schema, so readyMs is a cold start (what every scale
  // from zero costs), not the one-time seeding that admin-config would otherwise do on its first start on
  // an empty database (~175 ms: parsing the demo definition's YAML and the register's CSV, then inserts).
  const stores = await freshStores(tag, { demoConfig: true });
  const functionDb = options.functionRole ? await asFunctionRole(stores.DATABASE_URL, options.functionRole) : {};
  const issuer = await startTestIssuer();
  const names = [...(await functionEntryPoints()).keys()];
  // The broker's ingress binds first: a port picked for a function and released must not be taken by it.
  const broker = await startBroker(tag, {}, { brokers: options.kafkaBrokers, quiet: options.quietKafka, observer: options.observer });
  const ports = new Map<string, number>();
  for (const name of names) ports.set(name, await freePort());
  const subscribers = Object.fromEntries(names.map((n) => [n, `http://127.0.0.1:${ports.get(n)}`]));
  const env: Record<string, string | undefined> = {
    ...stores, ...functionDb, K_SINK: broker.url, REDIS_URL: process.env.REDIS_URL,
    OIDC_ISSUER: issuer.issuer, OIDC_JWKS_URL: issuer.jwksUrl, OIDC_AUDIENCE: issuer.audience,
    PATIENT_PSEUDONYM_KEY: "national-e2e-pseudonym-key-".repeat(2), RAW_MASTER_KEYS: "mk_test=AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=", WEBHOOK_MASTER_KEYS: "mk_test=AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=",
    SFTP_HOST: process.env.SFTP_HOST, SFTP_PORT: process.env.SFTP_PORT, SFTP_USER: process.env.SFTP_USER, SFTP_KEY_PATH: process.env.SFTP_KEY_PATH,
    SFTP_KNOWN_HOSTS: process.env.SFTP_KNOWN_HOSTS, SFTP_DIR: `${process.env.SFTP_DIR ?? "/upload"}/${stores.S3_BUCKET}`, SFTP_MIN_AGE_SECONDS: "0",
    // The web application calls each function's REST API where it listens (as `casemix mesh` sets it).
    WEB_API_URLS: Object.entries(subscribers).map(([n, u]) => `${n}=${u}`).join(","), WEB_SESSION_SECRET: "national-e2e-web-session-secret-".repeat(2),
    ...extraEnv,
  };
  const procs = new Map<string, FunctionProc>();
  const readyMs = new Map<string, number>();
  const spawnOne = async (name: string) => {
    const t0 = performance.now();
    const p = await startFunction(name, ports.get(name)!, env, FUNCTION_NODE_FLAGS);
    readyMs.set(name, performance.now() - t0);
    procs.set(name, p);
    return p;
  };
  for (const name of names) await spawnOne(name);
  for (const [name, url] of Object.entries(subscribers)) {
      await broker.subscribe(name, url);
  }
  const pool = new pg.Pool({ connectionString: stores.DATABASE_URL, max: 2 });
  pool.on("error", () => undefined); // the pg_terminate_backend fault may end an idle client of ours too
  return {
    procs, readyMs, broker, issuer, env, pool,
    restart: spawnOne,
    async close() {
      for (const p of procs.values()) await stopFunction(p);
      await broker.close();
      await pool.end();
      await issuer.close();
      if (!process.env.NATIONAL_KEEP_DB) await dropStores(stores);
    },
  };
}

export { services };

/** Grants the functions' role on a run's database and gives the variables that connect the functions as it. */
async function asFunctionRole(url: string, role: string): Promise<Record<string, string>> {
  const owner = createPostgresDb({ url, max: 1 });
  try {
    await grantFunctionRole(owner, { role });
  } finally {
    await owner.close();
  }
  const asRole = new URL(url);
  asRole.username = role;
  return { DATABASE_URL: asRole.toString(), DATABASE_ROW_SCOPE: "on" };
}
