import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { PGlite, type QueryOptions } from "@electric-sql/pglite";
import { binaryArraySerializers } from "./binary-arrays.ts";
import { DbError } from "./errors.ts";
import { scalarParsers } from "./type-parsers.ts";

/** Options of {@link createPgliteDb} and {@link createPgliteWorkerDb}. */
export type PgliteDbOptions = {
  /** A folder for the data files; omitted, the database lives in memory and is lost on close. */
  dataDir?: string;
  /** Skips the fsync after each query: faster, for tests and throw-away data only. */
  relaxedDurability?: boolean;
  /** A data folder tarball (PGlite's `dumpDataDir`) to start from, without `dataDir`: in memory (the tests' template, testing.ts). */
  loadDataDir?: Blob;
  /** Extra `initdb` arguments when `dataDir` is new (the test template uses `--wal-segsize=1`). */
  initDbArgs?: string[];
  /**
   * Sends text[], int[], boolean[] and date[] parameters in PostgreSQL's binary array format instead
   * of as array literals (binary-arrays.ts). Default true; false only to measure the difference.
   */
  binaryArrays?: boolean;
  /**
   * Server settings given at start (`-c name=value`), over {@link PGLITE_DEFAULT_SETTINGS}; from
   * `PGLITE_SETTINGS` in the env (env.ts).
   */
  settings?: Record<string, string>;
};

/**
 * What this project changes of PGlite's server settings.
 *
 * `wal_init_zero=off`: a new 16 MiB WAL segment is created by writing its last byte instead of
 * zero-filling it. PGlite runs as a single-user backend with no checkpointer, so segments are never
 * recycled and every 16 MiB of WAL first cost 16 MiB of zeros through the WASM file system (1M claims
 * through intake, validate and dedupe: 1.2 GiB of WAL, 8.1 against 7.0 GiB written in all, 9,030
 * against 10,159 claims/s in consecutive runs). Safe on any file system: PostgreSQL never reads WAL past
 * what it wrote.
 */
export const PGLITE_DEFAULT_SETTINGS: Readonly<Record<string, string>> = { wal_init_zero: "off" };

/** PGlite's own start parameters followed by `-c name=value` for each setting. */
export function startParams(settings: Record<string, string> = {}): string[] {
  const all = { ...PGLITE_DEFAULT_SETTINGS, ...settings };
  return [...PGlite.defaultStartParams, ...Object.entries(all).flatMap(([name, value]) => ["-c", `${name}=${value}`])];
}

/** Opens PGlite with the shared parsers and the session in UTC; used in this thread or in the worker. */
export async function openPglite(options: PgliteDbOptions): Promise<PGlite> {
  try {
    // PGlite creates its own folder but not the parents (".data/pglite" on a fresh checkout).
    if (options.dataDir) await mkdir(dirname(options.dataDir), { recursive: true });
    const pg = await PGlite.create({
      dataDir: options.dataDir,
      loadDataDir: options.loadDataDir,
      relaxedDurability: options.relaxedDurability,
      initDbStartParams: options.initDbArgs,
      parsers: scalarParsers,
      startParams: startParams(options.settings),
    });
    // Not RANDOM_PAGE_COST (planner.ts): measured on PGlite it made intake+validate+dedupe slower
    // (1M claims: 4,785 claims/s and 241 CPU s with it, 5,804 and 205 without).
    await pg.exec("SET TimeZone = 'UTC'");
    return pg;
  } catch (error) {
    throw new DbError("E_DB_UNAVAILABLE", `PGlite could not open ${options.dataDir ?? "memory"}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** The per-query options that every statement of an adapter passes to PGlite. */
export function queryOptions(pg: PGlite, options: PgliteDbOptions): QueryOptions {
  if (options.binaryArrays === false) return {};
  const serializers = binaryArraySerializers((oid) => pg.serializers[oid] as ((value: unknown) => unknown) | undefined);
  // PGlite types a serializer as returning a string; at run time it sends a Uint8Array in binary format.
  return { serializers: serializers as unknown as QueryOptions["serializers"] };
}

type Results = { rows: unknown[]; affectedRows?: number };

/** PGlite's result as the port's: `rowCount` is the affected rows of a write, else the rows read. */
export function toQueryResult(r: Results): { rows: unknown[]; rowCount: number } {
  return { rows: r.rows, rowCount: Math.max(r.affectedRows ?? 0, r.rows.length) };
}
