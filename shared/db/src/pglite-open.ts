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
  /** Extra `initdb` arguments when `dataDir` is new (the test template uses `--wal-segsize=1`). */
  initDbArgs?: string[];
  /**
   * Sends text[], int[], boolean[] and date[] parameters in PostgreSQL's binary array format instead
   * of as array literals (binary-arrays.ts). Default true; false only to measure the difference.
   */
  binaryArrays?: boolean;
};

/** Opens PGlite with the shared parsers and the session in UTC; used in this thread or in the worker. */
export async function openPglite(options: PgliteDbOptions): Promise<PGlite> {
  try {
    // PGlite creates its own folder but not the parents (".data/pglite" on a fresh checkout).
    if (options.dataDir) await mkdir(dirname(options.dataDir), { recursive: true });
    const pg = await PGlite.create({
      dataDir: options.dataDir,
      relaxedDurability: options.relaxedDurability,
      initDbStartParams: options.initDbArgs,
      parsers: scalarParsers,
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
