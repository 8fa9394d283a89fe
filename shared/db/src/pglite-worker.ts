import { Worker } from "node:worker_threads";
import { DbError, toDbError } from "./errors.ts";
import { createPgliteConnection } from "./pglite-connection.ts";
import type { PgliteDbOptions } from "./pglite-open.ts";
import { errorFromFields, type Ready, type Reply, type Request } from "./pglite-protocol.ts";
import type { Db, QueryResult, Queryable, Row } from "./port.ts";

type Pending = { resolve: (reply: Reply & { ok: true }) => void; reject: (error: unknown) => void };
type Call = { op: "query" | "tx-query"; sql: string; params?: unknown[] } | { op: "begin" | "commit" | "rollback" | "close" };

/**
 * The database port on PGlite running in a `node:worker_threads` Worker (pglite-thread.ts), so the
 * database's WebAssembly and its protocol encoding run on another core while this thread parses,
 * hashes and writes files. Same semantics as {@link createPgliteDb}: one mutex orders every top-level
 * query and transaction (PGlite is one connection), a transaction holds the connection from BEGIN to
 * COMMIT, a query on the Db from inside its own transaction fails with `E_DB_NESTED_QUERY`, and
 * PostgreSQL's errors keep their SQLSTATE (`sqlState`) through the message channel.
 *
 * Parameters and rows cross the thread boundary by structured clone (strings, numbers, arrays,
 * Dates, Uint8Arrays; not functions or class instances). The worker keeps the process alive only
 * while a request is in flight, like the in-thread adapter.
 *
 * @example
 * const db = await createPgliteWorkerDb({ dataDir: ".data/pglite" });
 */
export async function createPgliteWorkerDb(options: PgliteDbOptions = {}): Promise<Db> {
  const worker = new Worker(new URL("./pglite-thread.ts", import.meta.url), { workerData: options });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let gone: DbError | undefined;

  // Referenced only while something waits for it.
  const holdOpen = (): void => void (pending.size === 0 ? worker.unref() : worker.ref());

  const failAll = (error: DbError): void => {
    gone ??= error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
    holdOpen();
  };

  await new Promise<void>((resolve, rejectOpen) => {
    const reject = (error: unknown) =>
      rejectOpen(error instanceof DbError ? error : new DbError("E_DB_UNAVAILABLE", `the PGlite worker could not start: ${(error as Error).message}`, { cause: error }));
    const onExit = (code: number) => reject(new DbError("E_DB_UNAVAILABLE", `the PGlite worker exited (code ${code}) while opening`));
    worker.once("error", reject);
    worker.once("exit", onExit);
    worker.once("message", (ready: Ready) => {
      worker.off("error", reject);
      worker.off("exit", onExit);
      if (ready.ok) resolve();
      else {
        void worker.terminate();
        reject(new DbError("E_DB_UNAVAILABLE", ready.error.message));
      }
    });
  });

  worker.on("message", (reply: Reply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    holdOpen();
    if (reply.ok) p.resolve(reply);
    else p.reject(toDbError(errorFromFields(reply.error)));
  });
  worker.on("error", (error) => failAll(new DbError("E_DB_UNAVAILABLE", `the PGlite worker failed: ${error.message}`, { retryable: true, cause: error })));
  worker.on("exit", (code) => failAll(new DbError("E_DB_UNAVAILABLE", `the PGlite worker exited (code ${code})`)));
  holdOpen();

  const call = (message: Call): Promise<Reply & { ok: true }> => {
    if (gone) return Promise.reject(gone);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      try {
        worker.postMessage({ ...message, id } as Request);
      } catch (error) {
        // A parameter that cannot be cloned (a function, a class instance with private state).
        return reject(new DbError("E_DB_QUERY", `the query parameters cannot be sent to the PGlite worker: ${(error as Error).message}`, { cause: error }));
      }
      pending.set(id, { resolve, reject });
      holdOpen();
    });
  };

  const connection = createPgliteConnection();

  const run = async <T extends Row>(op: "query" | "tx-query", sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> =>
    (await call({ op, sql, params: params ? [...params] : undefined })).result as QueryResult<T>;

  const query = async <T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> =>
    connection.exclusive(() => run<T>("query", sql, params));

  return {
    kind: "pglite",
    query,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      return connection.exclusive(async () => {
        // Statements are posted as soon as they are sent, without waiting for BEGIN's answer: the
        // thread takes messages in order, so they reach the transaction BEGIN opens. A statement
        // answers after BEGIN has (a failed BEGIN fails it), and a statement sent before the previous
        // one answered is queued there, so independent statements sent together run back to back
        // with no round trip through this thread between them.
        const begun = call({ op: "begin" });
        begun.catch(() => undefined);
        let open = true;
        const mark = { get open() { return open; } };
        const tx: Queryable = {
          query<R extends Row = Row>(sql: string, params?: readonly unknown[]) {
            if (!open) return Promise.reject(new DbError("E_DB_CLOSED", "the transaction has ended"));
            const result = run<R>("tx-query", sql, params);
            return begun.then(() => result, (error: unknown) => (result.catch(() => undefined), Promise.reject(error)));
          },
        };
        let value: T;
        try {
          value = await connection.inTransaction(mark, () => fn(tx));
          await begun;
        } catch (error) {
          // Errors thrown by `fn` pass through unchanged, after the rollback.
          open = false;
          await call({ op: "rollback" }).catch(() => undefined);
          throw error;
        }
        open = false;
        // A COMMIT after a failed statement is answered with ROLLBACK: PGlite reports it as 25P02,
        // which toDbError turns into E_DB_TX_ABORTED.
        await call({ op: "commit" });
        return value;
      });
    },
    ping: () => connection.ping(query),
    close: () =>
      connection.close(async () => {
        try {
          if (!gone) await call({ op: "close" });
        } finally {
          gone ??= new DbError("E_DB_CLOSED", "the PGlite database is closed");
          await worker.terminate();
        }
      }),
  };
}
