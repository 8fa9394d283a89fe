import { configureAudit } from "./audit.ts";
import { acquireDataDirLock } from "./data-dir-lock.ts";
import type { DbEnv } from "./env.ts";
import type { Db } from "./port.ts";
import { createPostgresDb } from "./postgres.ts";

/**
 * Chooses the adapter from the parsed env: PostgreSQL when `DATABASE_URL` is set, PGlite otherwise
 * (in `PGLITE_DATA_DIR`, or in memory; in a worker thread unless `PGLITE_THREAD=main`), holding the folder's lock until `close()`
 * (data-dir-lock.ts: `E_DB_LOCKED` names the process that has it). Does not migrate: call `migrate(db)` at start-up.
 *
 * @example
 * const db = await createDb(DbEnvSchema.parse({ DATABASE_URL: "postgres://postgres@127.0.0.1/casemix" }));
 */
export async function createDb(env: Partial<DbEnv>, { schema }: { schema?: string } = {}): Promise<Db> {
  configureAudit({ enabled: env.CASEMIX_AUDIT !== "off" });
  if (env.DATABASE_URL) {
    return createPostgresDb({ url: env.DATABASE_URL, max: env.DATABASE_POOL_MAX ?? 10, idleTimeoutMillis: env.DATABASE_POOL_IDLE_MS, rowScope: env.DATABASE_ROW_SCOPE === "on", schema });
  }
  // Loaded only here: a function on PostgreSQL never loads PGlite (~60 ms of its cold start).
  const options = { dataDir: env.PGLITE_DATA_DIR, settings: env.PGLITE_SETTINGS };
  // One process per folder: a second one (a CLI command beside `npm start`) would corrupt it.
  const lock = options.dataDir ? acquireDataDirLock(options.dataDir) : undefined;
  try {
    const db =
      env.PGLITE_THREAD === "worker"
        ? await (await import("./pglite-worker.ts")).createPgliteWorkerDb(options)
        : await (await import("./pglite.ts")).createPgliteDb(options);
    if (!lock) return db;
    const close = db.close.bind(db);
    db.close = async () => {
      try {
        await close();
      } finally {
        lock.release();
      }
    };
    return db;
  } catch (error) {
    lock?.release();
    throw error;
  }
}
