/**
 * The database port. One interface for PostgreSQL (`pg`) and PGlite, so every function runs on both.
 *
 * Parameters use Postgres placeholders ($1, $2, ...). `numeric` columns come back as strings on both
 * adapters (money is exact: see DESIGN.md "Claims, dates and versions").
 */
export type Row = Record<string, unknown>;

export type QueryResult<T extends Row = Row> = { rows: T[]; rowCount: number };

export interface Queryable {
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
}

export interface Db extends Queryable {
  /** Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** True when the adapter can answer a trivial query (readiness). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
  readonly kind: "pglite" | "postgres";
}
