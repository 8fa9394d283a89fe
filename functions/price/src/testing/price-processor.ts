import { createEventProcessor, createLogger, createTestPlatform, type EventProcessor, type TestPlatform } from "@casemix/runtime";
import { createPriceHandler } from "../handler.ts";
import { staticConfigSource, type PricingConfig } from "../pricing-config.ts";

/** A test platform and price, pricing with `config`, behind the runtime's event processor. */
export async function createPriceTestWorld(config: PricingConfig): Promise<{ platform: TestPlatform; processor: EventProcessor }> {
  const platform = await createTestPlatform();
  const fn = createPriceHandler({ store: platform.store, config: staticConfigSource(() => config) });
  return { platform, processor: createEventProcessor({ fn, db: platform.db, deps: {}, log: createLogger({ level: "silent" }) }) };
}
