import { ConfigEnvSchema, createConfigStore } from "@casemix/config";
import { defineFunction, parseEnv } from "@casemix/runtime";
import { createValidateHandler } from "./handler.ts";

/**
 * validate: edits per claim, rejections as data; valid claims go on to dedupe. The definition and the
 * hospital register in force come from the versioned configuration; an empty database gets the demo
 * configuration at start (unless CONFIG_SEED_DEMO=false), as group and price do.
 */
export default defineFunction({
  name: "validate",
  create: async (platform) => {
    const env = parseEnv(ConfigEnvSchema, platform.source);
    const config = createConfigStore({ db: platform.db, cache: platform.cache, now: platform.now, seedDemo: env.CONFIG_SEED_DEMO });
    try {
      await config.ensureSeeded();
    } catch (error) {
      // Not migrated yet (a function process never migrates): the first chunk seeds instead.
      platform.log.warn("configuration not seeded at start", { error: (error as Error).message });
    }
    return { fn: createValidateHandler(platform, config) };
  },
});
