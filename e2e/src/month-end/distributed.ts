import { startTestIssuer, type TestIssuer } from "@casemix/auth";
import { createConfigStore } from "@casemix/config";
import { createMemoryCache } from "@casemix/cache";
import { createDb, type Db } from "@casemix/db";
import { EventTypes, type CasemixEvent, type PeriodPricedData } from "@casemix/events";
import { createObjectStore, type ObjectStore } from "@casemix/storage";
import { freePort, freshStores, services, startBroker, startFunction, stopFunction, type Broker, type FunctionProc } from "../intake-distributed-harness.ts";

export { hasServices } from "../intake-distributed-harness.ts";

/**
 * Month-end in distributed mode: price and scheduler each in its own process (`casemix function`) on
 * PostgreSQL and S3, a Kafka broker of the run's own topic delivering to them over HTTP, and a
 * recorder subscribed where report would be, so every `period.priced` that reaches the broker is seen.
 */
export type DistributedMonthEnd = {
  db: Db;
  store: ObjectStore;
  broker: Broker;
  issuer: TestIssuer;
  price: FunctionProc;
  scheduler: FunctionProc;
  env: Record<string, string>;
  priced: CasemixEvent<PeriodPricedData>[];
  waitForPriced(count: number, timeoutMs?: number): Promise<CasemixEvent<PeriodPricedData>[]>;
  api(fn: FunctionProc, path: string, init?: RequestInit): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
};

export async function startDistributedMonthEnd(tag: string): Promise<DistributedMonthEnd> {
  const stores = await freshStores(tag, { demoConfig: true });
  const issuer = await startTestIssuer();
  const env: Record<string, string> = {
    ...stores,
    S3_ENDPOINT: services.S3_ENDPOINT!, S3_ACCESS_KEY_ID: services.S3_ACCESS_KEY_ID!, S3_SECRET_ACCESS_KEY: services.S3_SECRET_ACCESS_KEY!,
    S3_REGION: services.S3_REGION, S3_FORCE_PATH_STYLE: "true",
    OIDC_ISSUER: issuer.issuer, OIDC_JWKS_URL: issuer.jwksUrl, OIDC_AUDIENCE: issuer.audience,
  };
  const db = await createDb({ DATABASE_URL: stores.DATABASE_URL, DATABASE_POOL_MAX: 4 } as never);
  const store = await createObjectStore({ ...env } as never);
  const priced: CasemixEvent<PeriodPricedData>[] = [];
  const broker = await startBroker(tag, {});
  // Subscribed under report's name: the routing table sends period.priced to report.
  await broker.bus.subscribe({
    name: "report",
    deliver: async (event) => {
      if (event.type === EventTypes.periodPriced) priced.push(event as CasemixEvent<PeriodPricedData>);
      return { status: 202 };
    },
  });
  const price = await startFunction("price", await freePort(), { ...env, K_SINK: broker.url });
  const scheduler = await startFunction("scheduler", await freePort(), { ...env, K_SINK: broker.url });
  await broker.subscribe("price", price.url);
  await broker.subscribe("scheduler", scheduler.url);
  return {
    db, store, broker, issuer, price, scheduler, env, priced,
    async waitForPriced(count, timeoutMs = 300_000) {
      const deadline = Date.now() + timeoutMs;
      while (priced.length < count) {
        if (Date.now() > deadline) throw new Error(`only ${priced.length} of ${count} period.priced after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return priced;
    },
    async api(fn, path, init = {}) {
      const token = await issuer.token({ roles: ["admin"] });
      const res = await fetch(`${fn.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" } });
      return { status: res.status, body: await res.json() };
    },
    async close() {
      await stopFunction(price);
      await stopFunction(scheduler);
      await broker.close();
      await db.close();
      await issuer.close();
      // The run's own database goes with it (a 1M-claim run leaves about 1 GB behind otherwise).
      const pg = (await import("pg")).default;
      const admin = new pg.Client({ connectionString: services.DATABASE_URL });
      await admin.connect();
      await admin.query(`drop database if exists ${new URL(stores.DATABASE_URL).pathname.slice(1)}`).catch(() => undefined);
      await admin.end();
    },
  };
}

/** A config store over the run's database, to publish a tariff version 2 as admin-config would. */
export function configStoreOf(db: Db) {
  return createConfigStore({ db, cache: createMemoryCache(), seedDemo: false });
}
