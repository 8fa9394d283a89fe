import { ConfigEnvSchema, seedDemoConfig } from "@casemix/config";
import { defineFunction, parseEnv } from "@casemix/runtime";
import { createAdminConfigApi } from "./routes/api.ts";

/**
 * admin-config: configuration versions over REST (no event handler: `config.published` leaves through
 * the outbox, in the transaction that publishes). An empty database gets the demo configuration at
 * start (unless CONFIG_SEED_DEMO=false), so the embedded default works out of the box.
 */
export default defineFunction({
  name: "admin-config",
  create: async (platform) => {
    const env = parseEnv(ConfigEnvSchema, platform.source);
    if (env.CONFIG_SEED_DEMO) {
      try {
        const seeded = await seedDemoConfig(platform.db, platform.now());
        if (seeded.length > 0) platform.log.info("seeded the demo configuration (illustrative, not for payment)", { kinds: seeded });
      } catch (error) {
        platform.log.warn("configuration not seeded at start", { error: (error as Error).message });
      }
    }
    return { routes: createAdminConfigApi({ db: platform.db, now: platform.now, verifier: platform.verifier }) };
  },
});
