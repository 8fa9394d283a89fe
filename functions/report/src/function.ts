import { defineFunction, type FunctionModule } from "@casemix/runtime";
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
    create: (platform) => ({
      fn: createReport(platform) as never,
      routes: createReportApi({ platform, cacheTtlSeconds: options.cacheTtlSeconds ?? 60 }),
    }),
  });
}

export default createReportModule();
