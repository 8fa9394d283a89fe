import { defineFunction, type FunctionModule } from "@casemix/runtime";
import { loadNotifyEnv, type NotifyEnv } from "./env.ts";
import { createNotifyHandler } from "./handler.ts";
import { createNotifyApi } from "./routes/api.ts";
import { wireNotify, type NotifyOverrides } from "./wiring.ts";

/** Options of {@link createNotifyModule}: the env (parsed from the platform's variables by default) and test overrides. */
export type NotifyModuleOptions = NotifyOverrides & { env?: NotifyEnv };

/**
 * Builds the notify function: the handler queues one delivery per matching subscription for each
 * outcome event; the sweeper, started here and stopped on close, sends them with retries that
 * survive restarts; the REST API manages subscriptions and dead letters and serves the JWKS.
 */
export function createNotifyModule(options: NotifyModuleOptions = {}): FunctionModule {
  return defineFunction({
    name: "notify",
    create: async (platform) => {
      const env = options.env ?? loadNotifyEnv(platform.source);
      const deps = await wireNotify(platform, env, options);
      return {
        fn: createNotifyHandler(deps),
        routes: createNotifyApi(deps),
        close: async () => {
          await deps.sweeper.stop();
          deps.targets.close();
        },
      };
    },
  });
}

export default createNotifyModule();
