import { defineFunction, type FunctionModule } from "@casemix/runtime";
import { createConfigStore, createDbConfig, type OutlierConfig } from "./config.ts";
import { createFlagOutlier, FUNCTION_NAME } from "./handler.ts";
import { createOutlierApi } from "./routes/api.ts";

export type FlagOutlierOptions = {
  /** Tariffs and hospital classes; by default the published configuration versions in the database. */
  config?: OutlierConfig;
};

/** The flag-outlier function: the last step of a chunk, and the review queue's REST API. */
export function createFlagOutlierModule(options: FlagOutlierOptions = {}): FunctionModule {
  return defineFunction({
    name: FUNCTION_NAME,
    create: (platform) => {
      const config = options.config ?? createDbConfig(platform.db, createConfigStore({ db: platform.db, cache: platform.cache }));
      return { fn: createFlagOutlier(platform, config) as never, routes: createOutlierApi({ platform }) };
    },
  });
}

export default createFlagOutlierModule();
