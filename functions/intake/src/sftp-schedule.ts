import { openSftp, type SftpSession } from "@casemix/sftp";
import type { IntakeEnv } from "./env.ts";
import type { IntakeDeps } from "./routes/context.ts";
import { pullOnce, type PullReport } from "./sftp-pull.ts";

/** Opens sessions from intake's env, or explains which variable is missing. */
export function sftpOpener(env: IntakeEnv): (() => Promise<SftpSession>) | undefined {
  if (!env.SFTP_HOST || !env.SFTP_USER || !env.SFTP_KEY_PATH || !env.SFTP_KNOWN_HOSTS) return undefined;
  const options = { host: env.SFTP_HOST, port: env.SFTP_PORT, username: env.SFTP_USER, privateKeyPath: env.SFTP_KEY_PATH, knownHostsPath: env.SFTP_KNOWN_HOSTS };
  return () => openSftp(options);
}

/**
 * The SFTP schedule inside the intake process: a pull every SFTP_POLL_SECONDS (never two at once).
 * Off when SFTP is not configured or the interval is 0.
 */
export function createSftpSchedule(deps: IntakeDeps): { pullNow(): Promise<PullReport>; stop(): Promise<void> } {
  const open = sftpOpener(deps.env);
  let running: Promise<PullReport> | undefined;
  const pullNow = (): Promise<PullReport> => {
    if (!open) return Promise.resolve({ outcomes: [], error: "SFTP is not configured (SFTP_HOST, SFTP_USER, SFTP_KEY_PATH, SFTP_KNOWN_HOSTS)" });
    running ??= pullOnce(deps, { open, minAgeMs: deps.env.SFTP_MIN_AGE_SECONDS * 1000 }).finally(() => (running = undefined));
    return running;
  };
  const timer = open && deps.env.SFTP_POLL_SECONDS > 0 ? setInterval(() => void pullNow(), deps.env.SFTP_POLL_SECONDS * 1000) : undefined;
  timer?.unref();
  return {
    pullNow,
    stop: async () => {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
