import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Hono } from "hono";
import pg from "pg";
import { eventAudience, meshIdentities, type CasemixEvent, type Route } from "@casemix/events";
import { createPostgresDb } from "../../db/src/postgres.ts";
import { migrate } from "../../db/src/migrate.ts";
import { startLocalBroker, type LocalBroker } from "./broker.ts";
import { eventToHttp } from "./cloudevent-http.ts";
import { defineFunction } from "./function-module.ts";
import { integrationEnv, uniqueName } from "./integration-env.ts";
import { createLogger } from "./logger.ts";
import { createMeshEventAuth, type MeshEventAuth } from "./mesh-event-auth.ts";
import { runFunctionProcess, type FunctionProcess } from "./run-function.ts";

/**
 * Issue 17, the local distributed mode on the real servers: a function process (`runFunctionProcess`,
 * what `casemix mesh` spawns) on PostgreSQL behind a Kafka-backed local broker. Forged deliveries to the
 * function and forged posts to the broker ingress are refused and change nothing; signed ones flow.
 */
const env = integrationEnv();
const run = uniqueName("evauth");
const closed = "gov.my.casemix.period.closed.v1";
const announced = "gov.my.casemix.report.published.v1";
const delivery = { retry: 0, backoffPolicy: "exponential", backoffDelay: "PT0.1S", deadLetter: true } as const;
const routes: Route[] = [
  { name: `${run}-closer`, subscriber: "closer", filters: [{ exact: { type: closed } }], delivery },
  { name: `${run}-recorder`, subscriber: "recorder", filters: [{ exact: { type: announced } }], delivery },
];
const closeData = { period: "2026-09", runId: "run_2026_09_close", runKind: "close", closedAt: "2026-10-01T00:00:00.000+08:00" };
const closeEvent = (id: string): CasemixEvent => ({ specversion: "1.0", id, source: "/casemix/scheduler", type: closed, data: closeData }) as never;

/** closer: records each period.closed as a `run` row; its REST route announces through K_SINK with its token. */
const closer = defineFunction({
  name: "closer",
  create: (platform) => ({
    fn: { name: "closer", handle: async (e) => ({ write: async (tx) => void (await tx.query("insert into run (id, kind) values ($1, 'close')", [e.id])) }) },
    routes: new Hono().post("/v1/announce/:id", async (c) => {
      await platform.send([{ specversion: "1.0", id: c.req.param("id"), source: "/casemix/closer", type: announced, data: {} } as never]);
      return c.json({ sent: true });
    }),
  }),
});

let databaseUrl: string;
let auth: MeshEventAuth;
let broker: LocalBroker;
let fn: FunctionProcess;
const recorded: CasemixEvent[] = [];
const runs = async () => {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const { rows } = await db.query<{ id: string }>("select id from run order by id");
  await db.end();
  return rows.map((r) => r.id);
};
const waitFor = async (what: () => Promise<boolean> | boolean, ms = 60_000) => {
  const deadline = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
};
const post = async (url: string, event: CasemixEvent, token?: string) => {
  const message = eventToHttp(event);
  const res = await fetch(url, { method: "POST", headers: token ? { ...message.headers, authorization: `Bearer ${token}` } : message.headers, body: message.body });
  return { status: res.status, code: ((await res.json().catch(() => ({}))) as { error?: { code?: string } }).error?.code };
};

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: env.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${run}`);
  await admin.end();
  const url = new URL(env.DATABASE_URL);
  url.pathname = `/${run}`;
  databaseUrl = url.toString();
  const db = createPostgresDb({ url: databaseUrl, max: 1 });
  await migrate(db);
  await db.close();
  auth = await createMeshEventAuth();
  const log = createLogger({ level: "silent" });
  broker = await startLocalBroker({ brokers: env.KAFKA_BROKERS.split(","), routes, log, auth, topic: `casemix.test.${run}`, groupPrefix: run });
  await broker.bus.subscribe({ name: "recorder", deliver: async (e) => (recorded.push(e), { status: 202 }) });
  fn = await runFunctionProcess(closer, { ...(await auth.functionEnv("closer")), DATABASE_URL: databaseUrl, PORT: "0", LOG_LEVEL: "silent", K_SINK: broker.ingressUrl });
  await broker.addSubscribers({ closer: fn.server.url });
}, 120_000);

afterAll(async () => {
  await fn?.close();
  await broker?.close();
  await auth?.close();
  const admin = new pg.Client({ connectionString: env.DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${run} WITH (FORCE)`);
  await admin.end();
});

describe("casemix mesh's event tokens, on Kafka and PostgreSQL", () => {
  it("a function process refuses forged deliveries (no token, another key, another audience, another sender, expired) and its database is unchanged", async () => {
    const forger = await createMeshEventAuth();
    const cases: [string, string | undefined, number][] = [
      ["no token", undefined, 401],
      ["another key", await forger.sign({ sub: meshIdentities.broker, aud: eventAudience("closer"), ttlSeconds: 300 }), 401],
      ["another audience", await auth.sign({ sub: meshIdentities.broker, aud: eventAudience("price"), ttlSeconds: 300 }), 401],
      ["another sender", await auth.sign({ sub: meshIdentities.function("intake"), aud: eventAudience("closer"), ttlSeconds: 300 }), 403],
      ["expired", await auth.sign({ sub: meshIdentities.broker, aud: eventAudience("closer"), ttlSeconds: -120 }), 401],
    ];
    for (const [what, token, status] of cases) expect((await post(fn.server.url, closeEvent(`evt_forged_${what.replaceAll(" ", "_")}`), token)).status, what).toBe(status);
    await forger.close();
    expect(await runs()).toEqual([]);
  });

  it("the broker ingress refuses posts without a function's token: none, another key, another audience, another sender, expired", async () => {
    const forger = await createMeshEventAuth();
    const cases: [string, string | undefined, number, string][] = [
      ["no token", undefined, 401, "E_EVENT_TOKEN_MISSING"],
      ["another key", await forger.sign({ sub: meshIdentities.function("closer"), aud: meshIdentities.brokerAudience, ttlSeconds: 300 }), 401, "E_EVENT_TOKEN_INVALID"],
      ["a delivery token", await auth.deliveryToken("closer")(), 401, "E_EVENT_TOKEN_AUDIENCE"],
      ["not a function", await auth.sign({ sub: meshIdentities.broker, aud: meshIdentities.brokerAudience, ttlSeconds: 300 }), 403, "E_EVENT_SENDER_FORBIDDEN"],
      ["expired", await auth.sign({ sub: meshIdentities.function("closer"), aud: meshIdentities.brokerAudience, ttlSeconds: -120 }), 401, "E_EVENT_TOKEN_EXPIRED"],
    ];
    for (const [what, token, status, code] of cases) expect(await post(broker.ingressUrl, closeEvent(`evt_ingress_${what.replaceAll(" ", "_")}`), token), what).toEqual({ status, code });
    await forger.close();
  });

  it("signed deliveries reach the function, and its own posts reach the broker with its token file", async () => {
    await broker.bus.publish([closeEvent("evt_signed")]);
    await waitFor(async () => (await runs()).includes("evt_signed"));
    const res = await fetch(`${fn.server.url}/v1/announce/evt_announce`, { method: "POST" });
    expect(res.status).toBe(200);
    await waitFor(() => recorded.some((e) => e.id === "evt_announce"));
    await new Promise((r) => setTimeout(r, 1000));
    // Nothing refused above slipped through: only the signed event made a row.
    expect(await runs()).toEqual(["evt_signed"]);
    expect(recorded.map((e) => e.id)).toEqual(["evt_announce"]);
  }, 90_000);
});
