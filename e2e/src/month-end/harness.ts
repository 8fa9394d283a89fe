import { createTokenVerifier, type TestIssuer } from "@casemix/auth";
import type { CasemixEvent, PeriodPricedData } from "@casemix/events";
import { compileTariff, loadDemoRegister, loadDemoTariff, type Tariff } from "@casemix/pricing";
import { createLogger, createTestPlatform, startEmbeddedMesh, type EmbeddedMesh, type Platform } from "@casemix/runtime";
import schedulerModule from "@casemix/fn-scheduler";
import { createPriceModule, staticConfigSource, type PricingConfig } from "@casemix/fn-price";

/** The demo tariff and register as plain data, for tests that publish a version 2. */
export function demoVersions() {
  const tariff = loadDemoTariff();
  const register = loadDemoRegister();
  if (!tariff.ok || !register.ok) throw new Error("demo tariff or register does not load");
  return { tariff: tariff.value, register: register.value };
}

export function compile(tariff: Tariff) {
  const c = compileTariff(tariff);
  if (!c.ok) throw new Error(JSON.stringify(c.issues));
  return c.tariff;
}

/** A PingSource tick as Knative sends it. */
export function monthEndTick(id: string, time: string): CasemixEvent {
  return { specversion: "1.0", id, source: "/apis/v1/namespaces/casemix/pingsources/month-end", type: "dev.knative.sources.ping", time, data: { schedule: "month-end" } };
}

/** Every `period.priced` the mesh sent (they stay in the outbox table, published). */
export async function pricedEvents(platform: Platform): Promise<CasemixEvent<PeriodPricedData>[]> {
  const { rows } = await platform.db.query<{ event: CasemixEvent<PeriodPricedData> | string }>(
    "select event from outbox where event->>'type' = 'gov.my.casemix.period.priced.v1' order by id",
  );
  return rows.map((r) => (typeof r.event === "string" ? JSON.parse(r.event) : r.event));
}

/**
 * The embedded mesh with price and scheduler over a test platform; `setConfig` swaps the versions price
 * sees (what publishing a new tariff version does).
 */
export async function startPriceMesh(options: { issuer: TestIssuer; config: PricingConfig; periodChunkSize?: number; now?: () => Date; platform?: Platform }) {
  let config = options.config;
  const platform =
    options.platform ??
    (await createTestPlatform({
      verifier: createTokenVerifier({ issuer: options.issuer.issuer, audience: options.issuer.audience, jwksUrl: options.issuer.jwksUrl }),
      now: options.now ?? (() => new Date("2027-03-10T00:00:00Z")),
    }));
  const price = createPriceModule({ config: () => staticConfigSource(() => config), periodChunkSize: options.periodChunkSize });
  const mesh: EmbeddedMesh = await startEmbeddedMesh({
    modules: [price, schedulerModule],
    env: platform.env,
    log: createLogger({ level: "silent" }),
    platform,
  });
  return { mesh, platform, setConfig: (next: PricingConfig) => void (config = next) };
}
