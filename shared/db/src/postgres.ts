import pg from "pg";
import { DbError, toDbError } from "./errors.ts";
import { RANDOM_PAGE_COST } from "./planner.ts";
import type { Db, QueryResult, Queryable, Row } from "./port.ts";
import { OID, scalarParsers } from "./type-parsers.ts";
import { currentScope, scopeStatement } from "./scope.ts";

/** Options of {@link createPostgresDb}. */
export type PostgresDbOptions = {
  /** `postgres://user@host:port/database` */
  url: string;
  /** Pool size; each function instance holds at most this many connections. */
  max?: number;
  /** Sets `search_path` on every connection (tests use one schema per run). */
  schema?: string;
  /** Gives up on a connection attempt after this long, so a down server is a quick 503. */
  connectionTimeoutMillis?: number;
  /** Closes a pooled connection idle this long (default 60 s: DATABASE_POOL_IDLE_MS in env.ts says why). */
  idleTimeoutMillis?: number;
  /** Cancels a statement that runs longer, server side. */
  statementTimeoutMillis?: number;
  /**
   * The role is bound by row-level security (migration 0760): each transaction first sets the scope of
   * its async context (scope.ts), and a statement sent alone runs in a transaction of its own to carry it.
   */
  rowScope?: boolean;
};

const textArray = pg.types.getTypeParser(1009 as never, "text") as (text: string) => unknown;

// numeric[] would otherwise come back as floats and int8[] / date[] / timestamptz[] as mixed types.
const arrayParsers: Record<number, (text: string) => unknown> = {
  [OID.NUMERIC_ARRAY]: textArray,
  [OID.INT8_ARRAY]: textArray,
  [OID.DATE_ARRAY]: textArray,
  [OID.TIMESTAMP_ARRAY]: textArray,
  [OID.TIMESTAMPTZ_ARRAY]: textArray,
};

/**
 * Per-pool parsers (never `pg.types.setTypeParser`, which would change every pool in the process).
 * `getTypeParser` is overloaded in the typings; the cast keeps the one implementation.
 */
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    const own = format === "binary" ? undefined : (scalarParsers[oid] ?? arrayParsers[oid]);
    return own ?? pg.types.getTypeParser(oid as never, format as never);
  },
} as unknown as pg.CustomTypesConfig;

/** The connection under a transaction went away: retryable, whatever the server said on the way out. */
function connectionLost(error: unknown): DbError {
  const e = toDbError(error);
  if (e.retryable) return e;
  return new DbError("E_DB_UNAVAILABLE", `the database connection was lost: ${e.message}`, { retryable: true, sqlState: e.sqlState, cause: error });
}

function toResult<T extends Row>(r: pg.QueryResult): QueryResult<T> {
  return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
}

function connectionOptions(options: PostgresDbOptions): string {
  const settings = ["-c TimeZone=UTC", `-c random_page_cost=${RANDOM_PAGE_COST}`];
  if (options.schema) {
    if (!/^[a-z_][a-z0-9_]*$/.test(options.schema)) {
      throw new DbError("E_DB_QUERY", `schema '${options.schema}' must be a lower-case SQL identifier`);
    }
    settings.push(`-c search_path=${options.schema}`);
  }
  if (options.statementTimeoutMillis) settings.push(`-c statement_timeout=${options.statementTimeoutMillis}`);
  return settings.join(" ");
}

/**
 * The database port on PostgreSQL through a `pg` Pool. numeric and int8 read as strings, dates as
 * `YYYY-MM-DD`, timestamps as ISO strings (see type-parsers.ts); the session time zone is UTC.
 *
 * @example
 * const db = createPostgresDb({ url: "postgres://postgres@127.0.0.1:5432/casemix", max: 5 });
 * await db.transaction(async (tx) => tx.query("insert into run (id, kind) values ($1, $2)", ["run_1", "intake"]));
 */
export function createPostgresDb(options: PostgresDbOptions): Db {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5_000,
    idleTimeoutMillis: options.idleTimeoutMillis ?? 60_000,
    options: connectionOptions(options),
    types,
  });
  // An idle client losing its connection (server restart) emits here; without a listener the
  // process would crash. The next query gets a fresh connection or a retryable error.
  pool.on("error", () => undefined);

  const query = async <T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> => {
    try {
      return toResult<T>(await pool.query(sql, params ? [...params] : undefined));
    } catch (error) {
      throw toDbError(error);
    }
  };

  const db: Db = {
    kind: "postgres",
    query: options.rowScope ? (sql, params) => db.transaction((tx) => tx.query(sql, params)) : query,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw toDbError(error);
      }
      // A checked-out client has no pool listener: its connection dropping (pg_terminate_backend, a
      // server restart) emits 'error' on it, and an unheard 'error' would crash the process. Heard
      // here, it fails this transaction with a retryable error and the client is destroyed.
      let lost: DbError | undefined;
      const onLost = (error: unknown) => {
        lost ??= connectionLost(error);
      };
      client.on("error", onLost);
      // Statements sent at once (without waiting for each answer) go to the client one after another,
      // in the order they were sent, through this chain: pg 8 deprecates a second client.query while
      // one is running. COMMIT and ROLLBACK join the same chain, so a statement sent before them never
      // runs after them, outside the transaction.
      let chain: Promise<unknown> = Promise.resolve();
      const send = (sql: string, params?: unknown[]) => {
        const sent = chain.then(() => client.query(sql, params));
        chain = sent.catch(() => undefined);
        return sent;
      };
      let open = true;
      const tx: Queryable = {
        async query<R extends Row = Row>(sql: string, params?: readonly unknown[]) {
          if (!open) throw new DbError("E_DB_CLOSED", "the transaction has ended");
          if (lost) throw lost;
          try {
            return toResult<R>(await send(sql, params ? [...params] : undefined));
          } catch (error) {
            throw lost ?? toDbError(error);
          }
        },
      };
      let broken = false;
      try {
        await tx.query("BEGIN");
        if (options.rowScope) {
          const scope = scopeStatement(currentScope());
          await tx.query(scope.sql, scope.params);
        }
        // Errors thrown by `fn` pass through unchanged (tx.query has already wrapped driver errors).
        const result = await fn(tx);
        open = false;
        const commit = await send("COMMIT").catch((error: unknown) => Promise.reject(lost ?? toDbError(error)));
        // PostgreSQL answers COMMIT of a transaction with a failed statement by rolling back.
        if (commit.command === "ROLLBACK") {
          throw new DbError("E_DB_TX_ABORTED", "the transaction was rolled back: a statement in it failed", { sqlState: "25P02" });
        }
        return result;
      } catch (error) {
        open = false;
        if (lost) throw lost;
        await send("ROLLBACK").catch(() => {
          broken = true;
        });
        throw error;
      } finally {
        // A connection that could not roll back is destroyed, not returned to the pool half-open.
        client.removeListener("error", onLost);
        client.release(broken || lost ? true : undefined);
      }
    },
    async ping() {
      try {
        await query("select 1");
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await pool.end();
    },
  };
  return db;
}
