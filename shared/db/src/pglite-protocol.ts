/**
 * The messages between {@link createPgliteWorkerDb} (this thread) and pglite-thread.ts (the worker
 * that owns PGlite). Every request carries an id and gets exactly one reply with that id.
 *
 * - `query`: one statement outside a transaction.
 * - `begin`: opens PGlite's transaction; the worker replies once BEGIN ran, then serves only
 *   `tx-query` until `commit` or `rollback`, whose replies come after COMMIT / ROLLBACK ran.
 * - `close`: closes PGlite; the worker can then be terminated.
 */
export type Request =
  | { id: number; op: "query" | "tx-query"; sql: string; params?: unknown[] }
  | { id: number; op: "begin" | "commit" | "rollback" | "close" };

/** What survives of a thrown error: the message and PostgreSQL's fields (code is the SQLSTATE). */
export type ErrorFields = {
  message: string;
  name?: string;
  code?: string;
  severity?: string;
  detail?: string;
  hint?: string;
  position?: string;
  where?: string;
  schema?: string;
  table?: string;
  column?: string;
  constraint?: string;
};

export type Reply =
  | { id: number; ok: true; result?: { rows: unknown[]; rowCount: number } }
  | { id: number; ok: false; error: ErrorFields };

/** Sent once by the worker when PGlite is open (ok) or could not be opened. */
export type Ready = { ready: true; ok: true } | { ready: true; ok: false; error: ErrorFields };

const fields = ["name", "code", "severity", "detail", "hint", "position", "where", "schema", "table", "column", "constraint"] as const;

/** Copies an error's message and PostgreSQL fields into a plain object a MessagePort can carry. */
export function errorFields(error: unknown): ErrorFields {
  const e = (error ?? {}) as Record<string, unknown>;
  const out: ErrorFields = { message: typeof e.message === "string" ? e.message : String(error) };
  for (const key of fields) if (typeof e[key] === "string") out[key] = e[key];
  return out;
}

/** Rebuilds an Error carrying the same fields, for toDbError on this side. */
export function errorFromFields(f: ErrorFields): Error {
  const error = new Error(f.message);
  return Object.assign(error, f);
}
