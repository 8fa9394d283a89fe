import { z } from "zod";

/**
 * The database variables of a deployable's env. Each deployable merges this into the zod schema of
 * its own env module (nothing else reads process.env) and passes the parsed object to `createDb`.
 */
export const DbEnvSchema = z.object({
  /** Set: PostgreSQL. Unset: PGlite embedded. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().positive().max(100).default(10),
  /**
   * PostgreSQL only: how long (ms) a pooled connection may sit idle before the pool closes it. `pg`'s
   * 10 s is shorter than Prometheus's 15 s scrape, so each scrape of an idle function forked a new
   * PostgreSQL backend (100k benchmark, one run each: 26 sessions with metrics off, 36 on, at 10 s;
   * 21 and 22 at 60 s). A minute keeps them; the pool's size (DATABASE_POOL_MAX) still bounds what is held.
   */
  DATABASE_POOL_IDLE_MS: z.coerce.number().int().positive().max(3_600_000).default(60_000),
  /**
   * PostgreSQL only: `on` when DATABASE_URL's role is bound by row-level security (the functions' role,
   * `casemix db-role`): every transaction then starts by setting its scope (scope.ts, migration 0760).
   */
  DATABASE_ROW_SCOPE: z.enum(["on", "off"]).default("off"),
  /** `off` writes no audit records (audit.ts): only for measuring what auditing costs. */
  CASEMIX_AUDIT: z.enum(["on", "off"]).default("on"),
  /** PGlite only: where its files live; unset keeps the database in memory. */
  PGLITE_DATA_DIR: z.string().min(1).optional(),
  /**
   * PGlite only: `worker` (default) runs it in a worker thread (createPgliteWorkerDb), so the database
   * overlaps this thread's parsing, hashing and parquet; `main` runs it in this thread (createPgliteDb).
   * The worker was faster in each of three pairs of 1M intake+validate+dedupe runs (2026-11-29:
   * 9,190 / 8,725, 9,901 / 9,132, 10,503 / 8,069 claims/s) for ~200 MiB more RSS (functions/intake/README.md).
   */
  PGLITE_THREAD: z.enum(["worker", "main"]).default("worker"),
  /**
   * PGlite only: server settings over the project's defaults (pglite-open.ts), as space-separated
   * `name=value` pairs, e.g. `shared_buffers=512MB wal_buffers=16MB`.
   */
  PGLITE_SETTINGS: z
    .string()
    .optional()
    .transform((text, ctx) => {
      const settings: Record<string, string> = {};
      for (const pair of (text ?? "").split(/\s+/).filter(Boolean)) {
        const m = /^([a-z_][a-z0-9_.]*)=([^\s]+)$/i.exec(pair);
        if (!m) {
          ctx.addIssue({ code: "custom", message: `"${pair}" is not name=value` });
          return z.NEVER;
        }
        settings[m[1]] = m[2];
      }
      return settings;
    }),
});

export type DbEnv = z.infer<typeof DbEnvSchema>;
