import { pathToFileURL } from "node:url";
import { migrate } from "@casemix/db";
import { BaseEnvSchema, createHttpSink, createLogger, createOutboxRelay, createPlatform, functionEntryPoints, parseEnv, tokenFromFile, trustBrokerCa, type Platform } from "@casemix/runtime";

export const summary = "pull new files from the SFTP folder once, as intake's schedule does (SFTP_* variables)";

export const usage = `usage: casemix sftp-pull

Pulls the new files of the SFTP drop folder once with intake's code (SFTP_HOST, SFTP_PORT, SFTP_USER,
SFTP_KEY_PATH, SFTP_DIR), into the database and object store of the env; the chunk events go to K_SINK
when it is set, else the running mesh relays them from the outbox.`;

type IntakeEntry = { runSftpPullOnce(platform: Platform): Promise<{ outcomes: unknown[]; error?: string }> };

/**
 * `casemix sftp-pull`: one pull with intake's code, found by folder like the mesh finds functions
 * (no shared package imports a function). The chunk events wait in the outbox: relayed to K_SINK
 * here when it is set, else by the running mesh's relay.
 */
export async function run(_args: string[], source: Record<string, string | undefined> = process.env): Promise<number> {
  const env = parseEnv(BaseEnvSchema, source);
  const log = createLogger({ level: env.LOG_LEVEL });
  const entry = (await functionEntryPoints()).get("intake");
  if (!entry) {
    console.error("casemix sftp-pull: functions/intake is not in this checkout");
    return 2;
  }
  const intake = (await import(pathToFileURL(entry).href)) as IntakeEntry;
  // The broker ingress takes only events with a sender's token (EVENT_TOKEN_FILE: intake's, as SinkBinding mounts it).
  trustBrokerCa(env.K_CA_CERTS);
  const sink = env.K_SINK ? createHttpSink(env.K_SINK, { token: env.EVENT_TOKEN_FILE ? tokenFromFile(env.EVENT_TOKEN_FILE) : undefined }) : async () => {};
  const platform = await createPlatform(env, { send: sink, log, source });
  try {
    // Idempotent and advisory-locked: a fresh embedded folder gets its tables, a migrated one is untouched.
    await migrate(platform.db);
    const report = await intake.runSftpPullOnce(platform);
    if (env.K_SINK) {
      const relay = createOutboxRelay({ db: platform.db, sink, log });
      await relay.drain();
      await relay.stop();
    }
    console.log(JSON.stringify(report, null, 2));
    return report.error ? 1 : 0;
  } finally {
    await platform.db.close();
    await platform.cache.close();
  }
}
