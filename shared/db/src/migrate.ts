import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { DbError } from "./errors.ts";
import type { Db, Queryable } from "./port.ts";
import { splitSqlStatements } from "./sql-split.ts";

/** One numbered SQL file of shared/db/migrations/ (`0001_platform.sql`). */
export type Migration = { version: number; name: string; sql: string; checksum: string };

export type MigrateResult = {
  /** File names applied by this call, in order (empty when the database was up to date). */
  applied: string[];
  /** The highest version now recorded. */
  version: number;
};

/** The folder of numbered migrations shared by PostgreSQL and PGlite. */
export const migrationsDir = new URL("../migrations/", import.meta.url);

const fileName = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Reads and orders the migration files; a malformed name or a repeated number is an error. */
export async function loadMigrations(dir: URL | string = migrationsDir): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".sql")).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const m = fileName.exec(file);
    if (!m) throw new DbError("E_DB_MIGRATION_FILE", `migration file '${file}' must be named NNNN_snake_case.sql`);
    const version = Number(m[1]);
    if (migrations.some((x) => x.version === version)) {
      throw new DbError("E_DB_MIGRATION_FILE", `migration number ${m[1]} is used twice ('${file}')`);
    }
    const sql = await readFile(new URL(file, dir instanceof URL ? dir : `file://${dir.replace(/\/?$/, "/")}`), "utf8");
    migrations.push({ version, name: file, sql, checksum: createHash("sha256").update(sql).digest("hex") });
  }
  return migrations;
}

// One lock for every process migrating this database: the second waits, then finds the work done.
// A transaction-scoped lock is released by COMMIT or ROLLBACK, so a crash never leaves it held.
const lock = "select pg_advisory_xact_lock(hashtext('casemix:migrate'))";

const createTable = `create table if not exists schema_migrations (
  version integer primary key,
  name text not null,
  checksum text not null,
  applied_at timestamptz not null default now()
)`;

type Applied = { version: number; name: string; checksum: string };

async function appliedVersions(tx: Queryable): Promise<Map<number, Applied>> {
  const { rows } = await tx.query<Applied>("select version, name, checksum from schema_migrations order by version");
  return new Map(rows.map((r) => [Number(r.version), r]));
}

function checkUnchanged(migration: Migration, applied: Applied | undefined): void {
  if (applied && applied.checksum !== migration.checksum) {
    throw new DbError(
      "E_DB_MIGRATION_CHANGED",
      `migration ${migration.name} was edited after it was applied (checksum differs): add a new numbered file instead`,
    );
  }
}

/**
 * Applies the pending migrations, one transaction per file, each under a PostgreSQL advisory lock so
 * two processes starting at once apply every file exactly once. Records versions and checksums in
 * `schema_migrations`; an applied file whose content changed stops the run with
 * `E_DB_MIGRATION_CHANGED`. Safe to call at every start-up.
 *
 * @example
 * const { applied } = await migrate(db); // ["0001_platform.sql"] the first time, [] after
 */
export async function migrate(db: Db, migrations?: Migration[]): Promise<MigrateResult> {
  const files = migrations ?? (await loadMigrations());
  const before = await db.transaction(async (tx) => {
    await tx.query(lock);
    await tx.query(createTable);
    return appliedVersions(tx);
  });
  for (const m of files) checkUnchanged(m, before.get(m.version));

  const applied: string[] = [];
  for (const m of files.filter((f) => !before.has(f.version))) {
    const didApply = await db.transaction(async (tx) => {
      await tx.query(lock);
      const now = await tx.query<Applied>("select version, name, checksum from schema_migrations where version = $1", [m.version]);
      if (now.rows.length) {
        checkUnchanged(m, now.rows[0]);
        return false;
      }
      for (const statement of splitSqlStatements(m.sql)) await tx.query(statement);
      await tx.query("insert into schema_migrations (version, name, checksum) values ($1, $2, $3)", [m.version, m.name, m.checksum]);
      return true;
    });
    if (didApply) applied.push(m.name);
  }
  const { rows } = await db.query<{ version: number | null }>("select max(version) as version from schema_migrations");
  return { applied, version: Number(rows[0]?.version ?? 0) };
}

/** Lists every migration file with whether it is applied, without changing anything. */
export async function migrationStatus(db: Db, migrations?: Migration[]): Promise<{ name: string; applied: boolean }[]> {
  const files = migrations ?? (await loadMigrations());
  const { rows } = await db.query<{ exists: boolean }>("select to_regclass('schema_migrations') is not null as exists");
  const applied = rows[0]?.exists ? await appliedVersions(db) : new Map<number, Applied>();
  return files.map((m) => ({ name: m.name, applied: applied.has(m.version) }));
}
