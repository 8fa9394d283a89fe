import { createConfigStore } from "@casemix/config";
import { defineFunction, type FunctionModule, type Platform } from "@casemix/runtime";
import { configStoreSource } from "./config-store-source.ts";
import { createPriceHandler } from "./handler.ts";
import type { PricingConfigSource } from "./pricing-config.ts";
import { createPriceApi } from "./routes/api.ts";

export type PriceModuleOptions = {
  /** Where tariff and register versions come from; by default the published versions in the database. */
  config?: (platform: Platform) => PricingConfigSource;
  /** Claims per period chunk (default 10,000). */
  periodChunkSize?: number;
};

/** Builds the price function: the event handler and the run/period status endpoints. */
export function createPriceModule(options: PriceModuleOptions = {}): FunctionModule {
  return defineFunction({
    name: "price",
    create: (platform) => {
      const config = options.config?.(platform) ?? configStoreSource(createConfigStore({ db: platform.db, cache: platform.cache }));
      const routes = createPriceApi(platform.db, platform.verifier);
      return { fn: createPriceHandler({ store: platform.store, config, periodChunkSize: options.periodChunkSize }), routes };
    },
  });
}

export default createPriceModule();

export { staticConfigSource, compileAll, demoPricingConfig, type PricingConfig, type PricingConfigSource } from "./pricing-config.ts";
export { seedPeriod, seededClaims, tariffVersion2, type SeededClaim } from "./testing/seed-period.ts";
export { groupedChunkEvent, type TestClaim } from "./testing/grouped-chunk.ts";
export { adjustmentRunId, batchRunId } from "./grouped.ts";
