import { defineFunction, type FunctionModule } from "@casemix/runtime";
import { createDemoConfig, type OutlierConfig } from "./config.ts";
import { createFlagOutlier, FUNCTION_NAME } from "./handler.ts";
import { createOutlierApi } from "./routes/api.ts";

export type FlagOutlierOptions = {
  /** Tariffs and hospital classes; by default the demo tariff and register of @casemix/pricing. */
  config?: OutlierConfig;
};

/** The flag-outlier function: the last step of a chunk, and the review queue's REST API. */
export function createFlagOutlierModule(options: FlagOutlierOptions = {}): FunctionModule {
  return defineFunction({
    name: FUNCTION_NAME,
    create: (platform) => {
      const config = options.config ?? createDemoConfig();
      return { fn: createFlagOutlier(platform, config) as never, routes: createOutlierApi({ platform }) };
    },
  });
}

export default createFlagOutlierModule();
