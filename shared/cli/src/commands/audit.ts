import { parseArgs } from "node:util";
import { createDb, DbEnvSchema, verifyAudit } from "@casemix/db";

export const summary = "audit trail: verify [--url <postgres-url> | --pglite-dir <dir>] recomputes every hash chain and names the first broken link";

const USAGE = `usage: casemix audit verify [--url <postgres://...>] [--pglite-dir <dir>] [--schema <name>]

Recomputes every hash chain of audit_record (shared/db/README.md "Audit trail") in PostgreSQL (--url,
else DATABASE_URL) or a PGlite folder (--pglite-dir, else PGLITE_DATA_DIR) and prints the first broken
link of each broken chain: the record's id, its chain and seq, and why. Exit codes: 0 every chain holds,
1 a chain is broken or the check failed, 2 bad arguments.`;

/** `casemix audit verify`. `env` defaults to the process env. */
export async function run(args: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  let parsedArgs;
  try {
    parsedArgs = parseArgs({
      args,
      allowPositionals: true,
      options: {
        url: { type: "string" },
        "pglite-dir": { type: "string" },
        schema: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (e) {
    console.error(`casemix audit: ${e instanceof Error ? e.message : e}\n${USAGE}`);
    return 2;
  }
  const opts = parsedArgs.values;
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  if (parsedArgs.positionals[0] !== "verify" || parsedArgs.positionals.length !== 1) {
    console.error(`casemix audit: expected 'verify'\n${USAGE}`);
    return 2;
  }
  const parsed = DbEnvSchema.safeParse({
    DATABASE_URL: opts.url ?? (opts["pglite-dir"] ? undefined : env.DATABASE_URL),
    PGLITE_DATA_DIR: opts["pglite-dir"] ?? env.PGLITE_DATA_DIR,
    PGLITE_THREAD: "main",
    DATABASE_POOL_MAX: 1,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    console.error(`casemix audit: ${issue.path.join(".") || "arguments"}: ${issue.message}`);
    return 2;
  }
  if (!parsed.data.DATABASE_URL && !parsed.data.PGLITE_DATA_DIR) {
    console.error(`casemix audit: name a database (--url or --pglite-dir)\n${USAGE}`);
    return 2;
  }
  let db;
  try {
    db = await createDb(parsed.data, { schema: opts.schema });
    const result = await verifyAudit(db);
    for (const b of result.broken) {
      console.log(`broken: audit record ${b.id ?? "(missing)"} (chain ${b.chain}, seq ${b.seq}): ${b.reason}`);
    }
    console.log(`${result.ok ? "ok" : "FAILED"}: ${result.records} records in ${result.chains} chains, ${result.broken.length} broken`);
    return result.ok ? 0 : 1;
  } catch (e) {
    const code = (e as { code?: string }).code;
    console.error(`casemix audit: ${code ? `${code}: ` : ""}${e instanceof Error ? e.message : e}`);
    return 1;
  } finally {
    await db?.close();
  }
}
