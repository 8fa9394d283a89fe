import { AsyncLocalStorage } from "node:async_hooks";
import { DbError } from "./errors.ts";
import { createMutex } from "./mutex.ts";
import type { QueryResult } from "./port.ts";

/**
 * What both PGlite adapters keep of PGlite's one connection (pglite.ts in this thread, pglite-worker.ts
 * in a Worker): one mutex orders every top-level query and transaction, so a statement never runs while
 * another caller's transaction is open; a query sent on the Db rather than the transaction's `tx` from
 * inside a transaction, which would wait for that transaction forever, fails at once with
 * `E_DB_NESTED_QUERY`; after `close`, everything fails with `E_DB_CLOSED`.
 */
export type PgliteConnection = {
  /** Runs `work` alone on the connection; refused when closed or sent from inside a transaction. */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** Runs a transaction's `fn`: until `mark.open` turns false, a query on the Db from it is nested. */
  inTransaction<T>(mark: { readonly open: boolean }, fn: () => Promise<T>): Promise<T>;
  /** True when `query("select 1")` answers. */
  ping(query: (sql: string) => Promise<QueryResult>): Promise<boolean>;
  /** Runs `work` once, after every statement sent before, and refuses everything after. */
  close(work: () => Promise<void>): Promise<void>;
};

export function createPgliteConnection(): PgliteConnection {
  const mutex = createMutex();
  // The store is the transaction's mark, cleared when it ends: a callback scheduled inside a
  // transaction (a timer, a nudge) inherits the store, and once the transaction is over its
  // queries are not nested and must run (issue 16.9: notify's sweeper nudge failed every time).
  const transactions = new AsyncLocalStorage<{ readonly open: boolean }>();
  let closed = false;

  const guard = (): void => {
    if (closed) throw new DbError("E_DB_CLOSED", "the PGlite database is closed");
    if (transactions.getStore()?.open) {
      throw new DbError("E_DB_NESTED_QUERY", "a query on the Db was sent inside its own transaction: use the transaction's tx");
    }
  };

  return {
    async exclusive(work) {
      guard();
      return mutex.run(work);
    },
    inTransaction: (mark, fn) => transactions.run(mark, fn),
    async ping(query) {
      try {
        await query("select 1");
        return true;
      } catch {
        return false;
      }
    },
    async close(work) {
      if (closed) return;
      await mutex.run(async () => {
        closed = true;
        await work();
      });
    },
  };
}
