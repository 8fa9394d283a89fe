import type { PGlite } from "@electric-sql/pglite";
import { toDbError } from "./errors.ts";
import { createPgliteConnection } from "./pglite-connection.ts";
import { openPglite, queryOptions, toQueryResult, type PgliteDbOptions } from "./pglite-open.ts";
import type { Db, QueryResult, Queryable, Row } from "./port.ts";

export type { PgliteDbOptions } from "./pglite-open.ts";

const toResult = <T extends Row>(r: { rows: unknown[]; affectedRows?: number }) => toQueryResult(r) as QueryResult<T>;

/**
 * The database port on PGlite (PostgreSQL compiled to WebAssembly, in this process).
 *
 * PGlite is one connection, so a statement must never run while another caller's transaction is
 * open. Every top-level query and transaction takes one mutex (PGlite 0.5 also queues queries behind
 * its own transactions; the mutex keeps the guarantee independent of its internals). A query sent
 * through the `Db` rather than the transaction's `tx` from inside a transaction would wait for that
 * transaction forever: it fails at once with `E_DB_NESTED_QUERY` instead.
 *
 * @example
 * const db = await createPgliteDb({ dataDir: ".data/pglite" });
 * await migrate(db);
 * const { rows } = await db.query<{ n: string }>("select 1.10::numeric as n"); // n === "1.10"
 */
export async function createPgliteDb(options: PgliteDbOptions = {}): Promise<Db> {
  return wrapPglite(await openPglite(options), options);
}

/**
 * The port over an open PGlite. `close` runs after every statement sent before it; by default it
 * closes PGlite, a test pool (testing.ts) passes its own to reset the database and keep it open.
 */
export function wrapPglite(pg: PGlite, options: PgliteDbOptions, close: (pg: PGlite) => Promise<void> = (p) => p.close()): Db {
  const perQuery = queryOptions(pg, options);
  const connection = createPgliteConnection();

  const query = async <T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> =>
    connection.exclusive(async () => {
      try {
        return toResult<T>(await pg.query(sql, params ? [...params] : undefined, perQuery));
      } catch (error) {
        throw toDbError(error);
      }
    });

  return {
    kind: "pglite",
    query,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      // Errors thrown by `fn` pass through unchanged; only PGlite's own (a failed COMMIT) are wrapped.
      let thrownByFn: { error: unknown } | undefined;
      return connection.exclusive(() =>
        pg
          .transaction((pgTx) => {
            const tx: Queryable = {
              async query<R extends Row = Row>(sql: string, params?: readonly unknown[]) {
                try {
                  return toResult<R>(await pgTx.query(sql, params ? [...params] : undefined, perQuery));
                } catch (error) {
                  throw toDbError(error);
                }
              },
            };
            const mark = { open: true };
            return connection.inTransaction(mark, () =>
              fn(tx).catch((error: unknown) => {
                thrownByFn = { error };
                throw error;
              }),
            ).finally(() => (mark.open = false));
          })
          // A COMMIT after a failed statement is answered with ROLLBACK: PGlite reports it as 25P02,
          // which toDbError turns into E_DB_TX_ABORTED.
          .catch((error: unknown) => {
            throw thrownByFn && thrownByFn.error === error ? error : toDbError(error);
          }),
      );
    },
    ping: () => connection.ping(query),
    close: () => connection.close(() => close(pg)),
  };
}
