import { parseArgs } from "node:util";
import {
  ConfigError,
  createDraft,
  importDefinitionDir,
  importRegisterDir,
  importTariffDir,
  listVersions,
  publishVersion,
  seedDemoConfig,
  type ConfigDraft,
  type ConfigKind,
  type ConfigVersion,
  type DraftOptions,
} from "@casemix/config";
import { createDb, DbEnvSchema, migrate, type Db } from "@casemix/db";

export const summary = "configuration versions: config import definition|tariff|hospitals <dir> | publish <id> | list (DATABASE_URL or PGLITE_DATA_DIR)";

const USAGE = `usage: casemix config import definition <dir> [--format package|chs-drg] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--label L] [--publish]
       casemix config import tariff <dir>      (tariff.csv, base-rates.csv, drg-weights.csv)   [same options]
       casemix config import hospitals <dir>   (register.csv, hospitals.csv)                   [same options]
       casemix config publish <cfg_id>
       casemix config list [--kind definition|tariff|hospitals] [--status draft|published] [--json]
       casemix config seed-demo

Imports store a DRAFT version with the effective range [--from, --to) (--to exclusive; by default the
content's own range). Publishing makes it immutable and emits config.published through the outbox. The
version in force on a date is the latest published one whose range covers it. Works on PostgreSQL
(DATABASE_URL) or a PGlite folder (PGLITE_DATA_DIR, default .data/pglite), migrated first.
Exit codes: 0 done, 1 refused (invalid content, already published...), 2 bad arguments.`;

type Options = { format?: string; from?: string; to?: string; label?: string; publish?: boolean; kind?: string; status?: string; json?: boolean };

function parse(args: string[]): { positionals: string[]; values: Options } {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      label: { type: "string" },
      publish: { type: "boolean" },
      kind: { type: "string" },
      status: { type: "string" },
      json: { type: "boolean" },
    },
  });
}

function draftOf(kind: string, dir: string, o: Options): ConfigDraft {
  const opts: DraftOptions = { effectiveFrom: o.from, label: o.label, ...(o.to === undefined ? {} : { effectiveTo: o.to }) };
  if (kind === "definition") {
    const format = o.format ?? "package";
    if (format !== "package" && format !== "chs-drg") throw new UsageError(`--format must be package or chs-drg, not ${format}`);
    return importDefinitionDir(dir, format, opts);
  }
  if (kind === "tariff") return importTariffDir(dir, opts);
  if (kind === "hospitals") return importRegisterDir(dir, opts);
  throw new UsageError(`cannot import '${kind}': definition, tariff or hospitals`);
}

class UsageError extends Error {}

const row = (v: ConfigVersion) =>
  [v.id, v.kind.padEnd(10), v.status.padEnd(9), `[${v.effectiveFrom}, ${v.effectiveTo ?? "open"})`.padEnd(26), v.publishedAt ?? "-", v.label].join("  ");

async function openDb(source: Record<string, string | undefined>): Promise<Db> {
  const env = DbEnvSchema.parse({ DATABASE_URL: source.DATABASE_URL, PGLITE_DATA_DIR: source.DATABASE_URL ? undefined : (source.PGLITE_DATA_DIR ?? ".data/pglite"), DATABASE_POOL_MAX: 1 });
  const db = await createDb(env);
  await migrate(db);
  return db;
}

async function dispatch(db: Db, verb: string, positionals: string[], o: Options): Promise<number> {
  switch (verb) {
    case "import": {
      const [kind, dir] = positionals;
      if (!kind || !dir) throw new UsageError("name what to import and the folder: config import definition <dir>");
      const version = await createDraft(db, draftOf(kind, dir, o));
      console.log(`draft     ${row(version)}`);
      if (o.publish) console.log(`published ${row(await publishVersion(db, version.id))}`);
      return 0;
    }
    case "publish": {
      const [id] = positionals;
      if (!id) throw new UsageError("name the version to publish: config publish <cfg_id>");
      console.log(`published ${row(await publishVersion(db, id))}`);
      return 0;
    }
    case "list": {
      const versions = await listVersions(db, { kind: o.kind as ConfigKind | undefined, status: o.status as "draft" | "published" | undefined });
      if (o.json) console.log(JSON.stringify(versions, null, 2));
      else for (const v of versions) console.log(row(v));
      return 0;
    }
    case "seed-demo": {
      const seeded = await seedDemoConfig(db);
      console.log(seeded.length ? `seeded and published the demo ${seeded.join(", ")} (illustrative, not for payment)` : "every kind already has a version: nothing seeded");
      return 0;
    }
    default:
      throw new UsageError(`unknown subcommand '${verb}'`);
  }
}

/** `casemix config`: import, publish and list configuration versions. `source` defaults to the process env. */
export async function run(args: string[], source: Record<string, string | undefined> = process.env): Promise<number> {
  let parsed;
  try {
    parsed = parse(args);
  } catch (e) {
    console.error(`casemix config: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const [verb, ...positionals] = parsed.positionals;
  if (!verb || verb === "help") {
    console.log(USAGE);
    return verb ? 0 : 2;
  }
  let db: Db | undefined;
  try {
    db = await openDb(source);
    return await dispatch(db, verb, positionals, parsed.values);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`casemix config: ${e.message}\n${USAGE}`);
      return 2;
    }
    if (e instanceof ConfigError) {
      console.error(`casemix config: ${e.code}: ${e.message}`);
      return 1;
    }
    throw e;
  } finally {
    await db?.close();
  }
}

/** Printed by `casemix config --help` (main.ts), which never runs the command. */
export const usage = USAGE;
