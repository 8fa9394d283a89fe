import { ConfigEnvSchema, createConfigStore } from "@casemix/config";
import { defineFunction, parseEnv, type FunctionModule } from "@casemix/runtime";
import { createReport, FUNCTION_NAME } from "./handler.ts";
import { createReportApi } from "./routes/api.ts";

export type ReportModuleOptions = {
  /** How long a figure stays in the cache; a new report run of the period deletes them anyway. */
  cacheTtlSeconds?: number;
};

/** The report function: period reports on period.priced, and the reporting API. */
export function createReportModule(options: ReportModuleOptions = {}): FunctionModule {
  return defineFunction({
    name: FUNCTION_NAME,
    create: (platform) => {
      // Read only (hospital names, MDC titles, the definition's caveat): report never seeds configuration.
      const env = parseEnv(ConfigEnvSchema, platform.source);
      const config = createConfigStore({ db: platform.db, cache: platform.cache, now: platform.now, seedDemo: env.CONFIG_SEED_DEMO });
      return {
        fn: createReport(platform, config) as never,
        routes: createReportApi({ platform, cacheTtlSeconds: options.cacheTtlSeconds ?? 60 }),
      };
    },
  });
}

export default createReportModule();
