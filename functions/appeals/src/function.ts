import { defineFunction, type FunctionModule } from "@casemix/runtime";
import { createRawObjects, developmentMasterKeys } from "@casemix/storage";
import { loadAppealsEnv, type AppealsEnv } from "./env.ts";
import { createClamd, createClamscan, type Scanner } from "./evidence/scan.ts";
import { createAppealsHandler } from "./handler.ts";
import { createAppealsApi } from "./routes/api.ts";
import { FUNCTION_NAME } from "./store.ts";

export type AppealsOptions = {
  /** Parsed variables; by default from the platform's source. */
  env?: AppealsEnv;
  /** The virus scanner; by default clamd when APPEALS_CLAMD is set, else clamscan against APPEALS_CLAMAV_DB. */
  scanner?: Scanner;
};

export const scannerFor = (env: AppealsEnv): Scanner =>
  env.APPEALS_CLAMD ? createClamd({ address: env.APPEALS_CLAMD }) : createClamscan({ database: env.APPEALS_CLAMAV_DB });

/** The appeals function: its REST API, the applied-batch and deadline events. */
export function createAppealsModule(options: AppealsOptions = {}): FunctionModule {
  return defineFunction({
    name: FUNCTION_NAME,
    create: (platform) => {
      const env = options.env ?? loadAppealsEnv(platform.source);
      const scanner = options.scanner ?? scannerFor(env);
      if (!env.RAW_MASTER_KEYS) platform.log.warn("RAW_MASTER_KEYS is not set: appeal evidence is encrypted with the development master key (never with real patient data)");
      const evidence = createRawObjects(platform.store, env.RAW_MASTER_KEYS ?? developmentMasterKeys("appeal-evidence"));
      return { fn: createAppealsHandler(env.APPEALS_DEADLINES) as never, routes: createAppealsApi({ platform, env, scanner, evidence }) };
    },
  });
}

export default createAppealsModule();
