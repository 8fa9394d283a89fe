import type { Platform } from "@casemix/runtime";
import { createRawObjects, developmentMasterKeys, isStorageError, type RawObjects } from "@casemix/storage";
import type { IntakeEnv } from "./env.ts";

/**
 * The raw uploads' store: envelope-encrypted under RAW_MASTER_KEYS. The embedded default, like the
 * pseudonym key, runs on a fixed development master key and says so (never with real patient data).
 */
export function rawObjectsOf(platform: Platform, env: IntakeEnv): RawObjects {
  if (!env.RAW_MASTER_KEYS) platform.log.warn("RAW_MASTER_KEYS is not set: raw uploads are encrypted with the development master key (never with real patient data)");
  return createRawObjects(platform.store, env.RAW_MASTER_KEYS ?? developmentMasterKeys("raw-uploads"));
}

/** What one retention sweep did. */
export type RawSweepReport = { deleted: number };

/**
 * Deletes the raw files of batches older than the retention period (RAW_RETENTION_DAYS), oldest
 * first, a page at a time, and marks each batch (`raw_deleted_at`) so reprocess refuses with
 * E_RAW_EXPIRED. The object goes first: a crash in between leaves a batch whose next sweep finds
 * its object already gone and only marks it.
 */
export async function sweepExpiredRaw(platform: Platform, retentionDays: number, pageSize = 500): Promise<RawSweepReport> {
  const cutoff = new Date(platform.now().getTime() - retentionDays * 86_400_000).toISOString();
  let deleted = 0;
  for (;;) {
    const { rows } = await platform.db.query<{ id: string; raw_key: string }>(
      `SELECT id, raw_key FROM batch WHERE raw_key IS NOT NULL AND raw_deleted_at IS NULL AND created_at < $1::timestamptz
       ORDER BY created_at LIMIT $2`,
      [cutoff, pageSize],
    );
    for (const row of rows) {
      await platform.store.delete(row.raw_key).catch((error: unknown) => {
        if (!isStorageError(error, "E_OBJECT_NOT_FOUND")) throw error;
      });
    }
    if (rows.length === 0) return { deleted };
    await platform.db.query("UPDATE batch SET raw_deleted_at = $2::timestamptz WHERE id = ANY($1::text[])", [rows.map((r) => r.id), platform.now().toISOString()]);
    deleted += rows.length;
    if (rows.length < pageSize) return { deleted };
  }
}

/** The retention sweep on a timer inside intake (RAW_SWEEP_SECONDS; 0: off). */
export function createRawRetentionSchedule(platform: Platform, env: IntakeEnv): { stop(): Promise<void> } {
  let running: Promise<unknown> | undefined;
  const tick = () => {
    running ??= sweepExpiredRaw(platform, env.RAW_RETENTION_DAYS)
      .then((r) => r.deleted > 0 && platform.log.info("raw uploads past their retention deleted", { deleted: r.deleted, retentionDays: env.RAW_RETENTION_DAYS }))
      .catch((error: unknown) => platform.log.error("raw retention sweep failed; the next one retries", { error: (error as Error).message }))
      .finally(() => (running = undefined));
  };
  const timer = env.RAW_SWEEP_SECONDS > 0 ? setInterval(tick, env.RAW_SWEEP_SECONDS * 1000) : undefined;
  timer?.unref();
  return {
    stop: async () => {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
