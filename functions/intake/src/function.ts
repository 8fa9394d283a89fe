import { defineFunction, type FunctionModule, type Platform } from "@casemix/runtime";
import { DEV_PSEUDONYM_KEY, loadIntakeEnv, type IntakeEnv } from "./env.ts";
import { createRawRetentionSchedule, rawObjectsOf } from "./raw-files.ts";
import { createIntakeApi } from "./routes/api.ts";
import { createSftpSchedule, sftpOpener } from "./sftp-schedule.ts";
import { pullOnce, type PullReport } from "./sftp-pull.ts";

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
      const deps = { platform, env, pseudonymKey, raw: rawObjectsOf(platform, env) };
      const schedule = createSftpSchedule(deps);
      const retention = createRawRetentionSchedule(platform, env);
      return { routes: createIntakeApi(deps, schedule.pullNow), close: () => Promise.all([schedule.stop(), retention.stop()]).then(() => undefined) };
    },
  });
}

export default createIntakeModule();

/**
 * One SFTP pull outside the schedule, for `casemix sftp-pull` (which finds this module by folder,
 * like the mesh does, so no shared package imports a function).
 */
export async function runSftpPullOnce(platform: Platform): Promise<PullReport> {
  const env = loadIntakeEnv(platform.source);
  const open = sftpOpener(env);
  if (!open) return { outcomes: [], error: "SFTP is not configured (SFTP_HOST, SFTP_USER, SFTP_KEY_PATH, SFTP_KNOWN_HOSTS)" };
  return pullOnce({ platform, env, pseudonymKey: env.PATIENT_PSEUDONYM_KEY ?? DEV_PSEUDONYM_KEY, raw: rawObjectsOf(platform, env) }, { open, minAgeMs: env.SFTP_MIN_AGE_SECONDS * 1000 });
}
export { loadIntakeEnv, IntakeEnvSchema, type IntakeEnv } from "./env.ts";
