import { ConfigError, createConfigStore, createMemoryConfigCache } from "@casemix/config";
import { createDb, DbEnvSchema, migrate } from "@casemix/db";
import type { Hospital } from "@casemix/pricing";
import type { Platform } from "@casemix/runtime";

export type Register = { id: string; hospitals: Hospital[] };

/**
 * The hospital register in force on `period` in a database: what validate checks claims against, so a
 * generated sample must be drawn from it (issue 18: a sample drawn from ../shared's register was sent
 * to a database seeded with the demo one, and all 500 claims were rejected). A database without one
 * answers with what to do.
 */
export async function registerInForce(platform: Pick<Platform, "db" | "cache" | "now">, period: string): Promise<Register | string> {
  const config = createConfigStore({ db: platform.db, cache: platform.cache, now: platform.now, seedDemo: false });
  try {
    const { version, register } = await config.hospitalsFor(`${period}-15`);
    return { id: version.id, hospitals: register.hospitals };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return `the database has no hospital register in force on ${period}: ${error.message}. Run \`casemix config seed-demo\` (or import and publish one), or reset the embedded database (rm -rf .data) and start again`;
  }
}

/**
 * The register in force in the configured database (DATABASE_URL, else the PGlite folder
 * PGLITE_DATA_DIR, default .data/pglite). PGlite is one process's database: not while `casemix start`
 * runs on the same folder.
 */
export async function registerFromDatabase(source: Record<string, string | undefined>, period: string): Promise<Register | string> {
  const env = DbEnvSchema.parse({ DATABASE_URL: source.DATABASE_URL, PGLITE_DATA_DIR: source.DATABASE_URL ? undefined : (source.PGLITE_DATA_DIR ?? ".data/pglite"), DATABASE_POOL_MAX: 1 });
  const db = await createDb(env);
  try {
    await migrate(db);
    return await registerInForce({ db, cache: createMemoryConfigCache(), now: () => new Date() }, period);
  } finally {
    await db.close();
  }
}
