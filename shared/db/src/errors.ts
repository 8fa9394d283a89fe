/**
 * Database errors are values with a code (CONVENTIONS.md #8). `retryable` tells the runtime whether a
 * failure is transient (503, retried by the broker) or permanent; it derives from the SQLSTATE class,
 * never from message text.
 */
export type DbErrorCode =
  | "E_DB_UNAVAILABLE"
  | "E_DB_QUERY"
  | "E_DB_CONFLICT"
  | "E_DB_TX_ABORTED"
  | "E_DB_NESTED_QUERY"
  | "E_DB_MIGRATION_CHANGED"
  | "E_DB_MIGRATION_FILE"
  | "E_DB_NOT_FOUND"
  | "E_DB_CLOSED"
  /** A PGlite folder another process has open (data-dir-lock.ts). */
  | "E_DB_LOCKED";

export class DbError extends Error {
  readonly code: DbErrorCode;
  readonly retryable: boolean;
  /** The server's SQLSTATE when the error came from PostgreSQL (`23505` unique violation, ...). */
  readonly sqlState?: string;

  constructor(code: DbErrorCode, message: string, options: { retryable?: boolean; sqlState?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "DbError";
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.sqlState = options.sqlState;
  }
}

/**
 * SQLSTATE classes worth retrying: connection exceptions (08), serialization failure and deadlock
 * (40001, 40P01), insufficient resources (53), operator intervention such as a server restart (57),
 * lock not available (55P03). See the PostgreSQL manual, appendix A "Error Codes".
 */
function isTransientSqlState(state: string): boolean {
  return (
    state.startsWith("08") ||
    state.startsWith("53") ||
    state.startsWith("57") ||
    state === "40001" ||
    state === "40P01" ||
    state === "55P03"
  );
}

/** Node socket errors that mean the server could not be reached. */
const networkCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN"]);

/** Wraps whatever a driver threw into a DbError, keeping the original as `cause`. */
export function toDbError(error: unknown): DbError {
  if (error instanceof DbError) return error;
  const e = error as { code?: unknown; message?: unknown };
  const code = typeof e?.code === "string" ? e.code : undefined;
  const message = typeof e?.message === "string" ? e.message : String(error);
  if (code && /^[0-9A-Z]{5}$/.test(code)) {
    if (code === "25P02") {
      return new DbError("E_DB_TX_ABORTED", `the transaction was rolled back: a statement in it failed (${message})`, {
        sqlState: code,
        cause: error,
      });
    }
    if (code === "23505") return new DbError("E_DB_CONFLICT", message, { sqlState: code, cause: error });
    return new DbError("E_DB_QUERY", message, { sqlState: code, retryable: isTransientSqlState(code), cause: error });
  }
  if ((code && networkCodes.has(code)) || /Connection terminated|timeout exceeded when trying to connect/i.test(message)) {
    return new DbError("E_DB_UNAVAILABLE", message, { retryable: true, cause: error });
  }
  return new DbError("E_DB_QUERY", message, { cause: error });
}
