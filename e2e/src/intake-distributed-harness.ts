import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { mkdir, mkdtemp } from "node:fs/promises";
import { join } from "node:path";
import pg from "pg";
import { Hono } from "hono";
import { createKafkaBus, type Bus, type KafkaBusObserver } from "@casemix/bus";
import { seedDemoConfig } from "@casemix/config";
import { createDb, migrate } from "@casemix/db";
import { routes } from "@casemix/events";
import { createFunctionApp, createHttpSubscriber, createMeshEventAuth, RUNTIME_NODE_FLAGS, serveApp, type MeshEventAuth, type RunningServer } from "@casemix/runtime";
import { ensureS3Bucket } from "@casemix/storage";
import { bundleFunctions, repoRoot } from "@casemix/knative/bundle";

const cli = join(repoRoot, "shared", "cli", "bin", "casemix.js");

let bundling: Promise<string> | undefined;
/**
 * The folder of the function bundles a process spawns (what each function's image runs): the one the
 * e2e suite's global setup built (CASEMIX_FUNCTION_BUNDLES), or one built now for this process, so a
 * test or bench never runs a bundle older than the source.
 */
export function functionBundles(): Promise<string> {
  const built = process.env.CASEMIX_FUNCTION_BUNDLES;
  // Inside the checkout: the packages left out of the bundles (ssh2, PGlite) resolve from its node_modules.
  return (bundling ??= built
    ? Promise.resolve(built)
    : mkdir(join(repoRoot, "dist"), { recursive: true })
        .then(() => mkdtemp(join(repoRoot, "dist", "bundles-")))
        .then(async (outDir) => (await bundleFunctions({ outDir })).outDir));
}

let meshAuth: Promise<MeshEventAuth> | undefined;
/**
 * This process's event keys, as `casemix mesh` makes them: every broker of the run signs its deliveries
 * and verifies its ingress with them, and every function started here gets their env (issue 17).
 */
export function eventAuth(): Promise<MeshEventAuth> {
  return (meshAuth ??= createMeshEventAuth());
}

/** The servers of scripts/services-up.sh, from `source scripts/services-env.sh`. */
export const services = {
  DATABASE_URL: process.env.DATABASE_URL,
  KAFKA_BROKERS: process.env.KAFKA_BROKERS,
  S3_ENDPOINT: process.env.S3_ENDPOINT,
  S3_ACCESS_KEY_ID: process.env.S3_ACCESS_KEY_ID,
  S3_SECRET_ACCESS_KEY: process.env.S3_SECRET_ACCESS_KEY,
  S3_REGION: process.env.S3_REGION ?? "us-east-1",
  S3_FORCE_PATH_STYLE: process.env.S3_FORCE_PATH_STYLE ?? "true",
};
export const hasServices = Boolean(services.DATABASE_URL && services.KAFKA_BROKERS && services.S3_ENDPOINT);

export type FunctionProc = { name: string; url: string; child: ChildProcess; peakRssMiB(): number };

/** A fresh database (migrated) and bucket per run, so runs never see each other's rows or objects. */
export async function freshStores(tag: string, { demoConfig = false } = {}): Promise<{ DATABASE_URL: string; S3_BUCKET: string }> {
  const name = `${tag}_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: services.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(services.DATABASE_URL!);
  url.pathname = `/${name}`;
  const db = await createDb({ DATABASE_URL: url.toString() } as never);
  await migrate(db);
  // The installation step `casemix config seed-demo`: the configuration is there before any function starts.
  if (demoConfig) await seedDemoConfig(db);
  await db.close();
  const bucket = name.replace(/_/g, "-");
  await ensureS3Bucket({ endpoint: services.S3_ENDPOINT, region: services.S3_REGION, accessKeyId: services.S3_ACCESS_KEY_ID, secretAccessKey: services.S3_SECRET_ACCESS_KEY, forcePathStyle: true, bucket });
  return { DATABASE_URL: url.toString(), S3_BUCKET: bucket };
}

/**
 * V8 heap limits for a function container (what NODE_OPTIONS would carry in its Knative Service):
 * without them V8 grows the old space with the allocation rate, so a longer upload shows a higher
 * peak RSS although the live data is the same (measured: 210 MiB at 100k, 255 MiB at 1M claims).
 */
export const INTAKE_NODE_FLAGS = ["--max-old-space-size=128", "--max-semi-space-size=8"];

/** A port nothing listens on now (the OS picks it), so a run never talks to another run's process. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = LOW_PORTS.first + Math.floor(Math.random() * (LOW_PORTS.last - LOW_PORTS.first + 1));
    if (handedOut.has(port) || !(await isFree(port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no free port found in ${LOW_PORTS.first}-${LOW_PORTS.last}`);
}

/**
 * Where {@link freePort} picks: below Linux's ephemeral range (ip_local_port_range, 32768-60999 by
 * default). A port the kernel picks for `listen(0)` comes from that range, which is also where every
 * outgoing connection (to Kafka, Postgres, S3) gets its local port: between picking a port and the
 * function binding it, a connection could take it (seen: EADDRINUSE while other suites ran). Below the
 * range only another listener can, and a port handed out once here is not handed out again.
 */
const LOW_PORTS = { first: 20_000, last: 32_767 };
const handedOut = new Set<number>();

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** Drops a run's database (its bucket's objects stay for inspection; S3Proxy's data lives in .services/). */
export async function dropStores(stores: { DATABASE_URL: string }): Promise<void> {
  const name = new URL(stores.DATABASE_URL).pathname.slice(1);
  const admin = new pg.Client({ connectionString: services.DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}

/**
 * Starts a function as its own process, from its bundle (`node <bundles>/<name>.mjs`, as its image runs
 * it), and waits for /readyz.
 */
export async function startFunction(name: string, port: number, env: Record<string, string | undefined>, nodeFlags = INTAKE_NODE_FLAGS): Promise<FunctionProc> {
  // CASEMIX_FUNCTION_SOURCE=ts runs `casemix function <name>` from the TypeScript source instead (to compare).
  const entry = process.env.CASEMIX_FUNCTION_SOURCE === "ts" ? [cli, "function", name] : [join(await functionBundles(), `${name}.mjs`)];
  const child = spawn(process.execPath, [...RUNTIME_NODE_FLAGS, ...nodeFlags, ...entry], {
    // MALLOC_ARENA_MAX: glibc gives each thread that allocates its own arena, and libuv's pool threads
    // (hashing, fs, zlib) fragment them over a long upload; two arenas keep RSS flat, as is usual for
    // Node in containers.
    env: { PATH: process.env.PATH, MALLOC_ARENA_MAX: "2", NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE, ...services, ...(await (await eventAuth()).functionEnv(name)), ...env, PORT: String(port), LOG_LEVEL: "warn" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} (port ${port} taken?)`);
    // Ready counts only when the answer names this function: another server on the port must not answer for it.
    if (await answersAs(url, name)) break;
    if (Date.now() > deadline) throw new Error(`${name} not ready`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return { name, url, child, peakRssMiB: () => peakRss(child.pid!) };
}

async function answersAs(url: string, name: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/readyz`);
    return res.ok && ((await res.json()) as { function?: string }).function === name;
  } catch {
    return false;
  }
}

/** VmHWM: the peak resident set of a process, from /proc (Linux). */
export function peakRss(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

export type Broker = {
  url: string;
  bus: Bus;
  server: RunningServer;
  /** Subscribes a function at `url`, with signed deliveries. */
  subscribe(name: string, url: string): Promise<void>;
  close(): Promise<void>;
};

/**
 * A Knative-like broker on a topic and consumer groups of this run's own (so other runs on the same
 * Kafka never take its events): an HTTP ingress producing to Kafka and a dispatcher per route.
 */
export async function startBroker(
  tag: string,
  subscribers: Record<string, string>,
  { brokers = services.KAFKA_BROKERS!, quiet = false, observer }: { brokers?: string; quiet?: boolean; observer?: KafkaBusObserver } = {},
): Promise<Broker> {
  const unique = `${tag}-${process.pid}-${Date.now().toString(36)}`;
  const bus = createKafkaBus({ brokers: brokers.split(","), routes, topic: `casemix.${unique}`, groupPrefix: unique, partitions: 4, observer, ...(quiet ? { logLevel: "nothing" as const } : {}) });
  const ingress = new Hono();
  // Kafka down: the ingress answers 503 (the outbox relay sends again) without a stack trace per event.
  ingress.onError((error, c) => c.json({ error: { code: "E_TRANSIENT", message: (error as Error).message } }, 503));
  const auth = await eventAuth();
  ingress.route("/", createFunctionApp({
    processor: { process: async (event) => (await bus.publish([event]), { status: 202 }) },
    authenticate: auth.brokerIngress(),
  }));
  const server = await serveApp(ingress);
  const subscribe = (name: string, url: string) => bus.subscribe(createHttpSubscriber({ name, url, token: auth.deliveryToken(name) }));
  for (const [name, url] of Object.entries(subscribers)) await subscribe(name, url);
  return { url: server.url, bus, server, subscribe, close: async () => { await server.close(); await bus.close(); } };
}

export async function stopFunction(p: FunctionProc): Promise<void> {
  if (p.child.exitCode !== null) return;
  const exited = new Promise((r) => p.child.once("exit", r));
  p.child.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (p.child.exitCode === null) p.child.kill("SIGKILL");
}
