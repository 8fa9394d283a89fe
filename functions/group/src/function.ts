import { ConfigEnvSchema, createConfigStore } from "@casemix/config";
import { defineFunction, parseEnv } from "@casemix/runtime";
import { createGroupHandler } from "./handler.ts";
import { createGroupApi } from "./routes/api.ts";

/**
 * The group function: groups deduplicated chunks (event handler) and single claims (REST), with the
 * definition in force from the versioned configuration. An empty database gets the demo configuration
 * at start (unless CONFIG_SEED_DEMO=false), so the embedded default works out of the box.
 */
export default defineFunction({
  name: "group",
  create: async (platform) => {
    const env = parseEnv(ConfigEnvSchema, platform.source);
    const config = createConfigStore({ db: platform.db, cache: platform.cache, now: platform.now, seedDemo: env.CONFIG_SEED_DEMO });
    try {
      await config.ensureSeeded();
    } catch (error) {
      // Not migrated yet (a function process never migrates): the first request seeds instead.
      platform.log.warn("configuration not seeded at start", { error: (error as Error).message });
    }
    return {
      fn: createGroupHandler({ store: platform.store, config }),
      routes: createGroupApi({ config, verifier: platform.verifier }),
    };
  },
});
