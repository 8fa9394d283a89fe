import { defineFunction, type FunctionModule } from "@casemix/runtime";
import { DEV_PSEUDONYM_KEY, loadIntakeEnv, type IntakeEnv } from "./env.ts";
import { createIntakeApi } from "./routes/api.ts";
import { createSftpSchedule } from "./sftp-schedule.ts";

export type IntakeModuleOptions = {
  /** Intake's env; by default parsed from the process environment at create time. */
  env?: IntakeEnv;
};

/**
 * Builds the intake function: REST intake (no event handler: intake is the ingress and sends its
 * chunk events through the outbox) and, when SFTP is configured with a poll interval, the SFTP pull.
 */
export function createIntakeModule(options: IntakeModuleOptions = {}): FunctionModule {
  return defineFunction({
    name: "intake",
    create: (platform) => {
      const env = options.env ?? loadIntakeEnv(platform.source);
      const pseudonymKey = env.PATIENT_PSEUDONYM_KEY ?? DEV_PSEUDONYM_KEY;
      if (!env.PATIENT_PSEUDONYM_KEY) platform.log.warn("PATIENT_PSEUDONYM_KEY is not set: using the development key (never with real patient data)");
      const deps = { platform, env, pseudonymKey };
      const schedule = createSftpSchedule(deps);
      return { routes: createIntakeApi(deps), close: () => schedule.stop() };
    },
  });
}

export default createIntakeModule();
