import { parseArgs } from "node:util";
import { createDb, DbEnvSchema, grantFunctionRole, migrate, migrationStatus } from "@casemix/db";

export const summary = "apply the numbered SQL migrations: --url <postgres-url> | --pglite-dir <dir> (or DATABASE_URL / PGLITE_DATA_DIR) [--status] [--function-role <name>]";

const USAGE = `usage: casemix migrate [--url <postgres://...>] [--pglite-dir <dir>] [--status] [--function-role <name>]

Applies the pending migrations of shared/db/migrations/ to PostgreSQL (--url, else DATABASE_URL) or to
a PGlite data folder (--pglite-dir, else PGLITE_DATA_DIR), each file in its own transaction under an
advisory lock, so it is safe while other processes start. --status lists the files and whether each is
applied, changing nothing. --function-role (PostgreSQL) then creates or updates the role the functions
connect as, bound by row-level security and unable to change audit records, with the password in
FUNCTION_ROLE_PASSWORD when set (shared/db/README.md "Row-level security"). Exit codes: 0 done, 1 failed,
2 bad arguments.`;

/** `casemix migrate`: brings a database's schema up to date. `env` defaults to the process env. */
export async function run(args: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  let opts;
  try {
    opts = parseArgs({
      args,
      options: {
        url: { type: "string" },
        "pglite-dir": { type: "string" },
        status: { type: "boolean", default: false },
        "function-role": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    }).values;
  } catch (e) {
    console.error(`casemix migrate: ${e instanceof Error ? e.message : e}\n${USAGE}`);
    return 2;
  }
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  const parsed = DbEnvSchema.safeParse({
    DATABASE_URL: opts.url ?? (opts["pglite-dir"] ? undefined : env.DATABASE_URL),
    PGLITE_DATA_DIR: opts["pglite-dir"] ?? env.PGLITE_DATA_DIR,
    DATABASE_POOL_MAX: 1,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    console.error(`casemix migrate: ${issue.path.join(".") || "arguments"}: ${issue.message}`);
    return 2;
  }
  if (!parsed.data.DATABASE_URL && !parsed.data.PGLITE_DATA_DIR) {
    console.error(`casemix migrate: nothing to migrate: an in-memory PGlite is lost on exit\n${USAGE}`);
    return 2;
  }
  if (opts["function-role"] && !parsed.data.DATABASE_URL) {
    console.error(`casemix migrate: --function-role needs PostgreSQL (--url): the embedded PGlite is one superuser`);
    return 2;
  }
  const target = parsed.data.DATABASE_URL ? "postgres" : `pglite ${parsed.data.PGLITE_DATA_DIR}`;
  let db;
  try {
    db = await createDb(parsed.data);
    if (opts.status) {
      for (const s of await migrationStatus(db)) console.log(`${s.applied ? "applied" : "pending"}  ${s.name}`);
      return 0;
    }
    const result = await migrate(db);
    for (const name of result.applied) console.log(`applied  ${name}`);
    console.log(`${target}: schema at version ${result.version}${result.applied.length ? "" : " (already up to date)"}`);
    if (opts["function-role"]) {
      await grantFunctionRole(db, { role: opts["function-role"], password: env.FUNCTION_ROLE_PASSWORD || undefined });
      console.log(`role ${opts["function-role"]}: granted (no table owned, no audit update/delete/truncate, row-level security binds it)`);
    }
    return 0;
  } catch (e) {
    const code = (e as { code?: string }).code;
    console.error(`casemix migrate: ${code ? `${code}: ` : ""}${e instanceof Error ? e.message : e}`);
    return 1;
  } finally {
    await db?.close();
  }
}

/** Printed by `casemix migrate --help` (main.ts), which never runs the command. */
export const usage = USAGE;
