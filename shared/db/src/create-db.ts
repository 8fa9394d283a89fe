import type { DbEnv } from "./env.ts";
import { createPgliteDb } from "./pglite.ts";
import { createPgliteWorkerDb } from "./pglite-worker.ts";
import type { Db } from "./port.ts";
import { createPostgresDb } from "./postgres.ts";

/**
 * Chooses the adapter from the parsed env: PostgreSQL when `DATABASE_URL` is set, PGlite otherwise
 * (in `PGLITE_DATA_DIR`, or in memory; in a worker thread with `PGLITE_THREAD=worker`). Does not migrate: call `migrate(db)` at start-up.
 *
 * @example
 * const db = await createDb(DbEnvSchema.parse({ DATABASE_URL: "postgres://postgres@127.0.0.1/casemix" }));
 */
export async function createDb(env: Partial<DbEnv>): Promise<Db> {
  if (env.DATABASE_URL) return createPostgresDb({ url: env.DATABASE_URL, max: env.DATABASE_POOL_MAX ?? 10 });
  const open = env.PGLITE_THREAD === "worker" ? createPgliteWorkerDb : createPgliteDb;
  return open({ dataDir: env.PGLITE_DATA_DIR });
}
