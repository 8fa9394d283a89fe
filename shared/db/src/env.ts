import { z } from "zod";

/**
 * The database variables of a deployable's env. Each deployable merges this into the zod schema of
 * its own env module (nothing else reads process.env) and passes the parsed object to `createDb`.
 */
export const DbEnvSchema = z.object({
  /** Set: PostgreSQL. Unset: PGlite embedded. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().positive().max(100).default(10),
  /** PGlite only: where its files live; unset keeps the database in memory. */
  PGLITE_DATA_DIR: z.string().min(1).optional(),
  /**
   * PGlite only: `main` (default) runs it in this thread (createPgliteDb); `worker` runs it in a worker
   * thread (createPgliteWorkerDb), so the database can overlap this thread's parsing and hashing. Not
   * the default: on the shared 2-core machine it was not measurably faster (functions/intake/README.md).
   */
  PGLITE_THREAD: z.enum(["worker", "main"]).default("main"),
});

export type DbEnv = z.infer<typeof DbEnvSchema>;
