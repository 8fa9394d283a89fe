/**
 * Database errors are values with a code (CONVENTIONS.md #8). The SQLSTATE class, never the message
 * text, decides what a failure is (DESIGN.md "Events"):
 * - `refused`: the database refused a value deterministically (class 22 data exception: an invalid
 *   byte sequence, a number out of range, a value too long; class 23 integrity violation: a check,
 *   not-null or foreign-key constraint). Running it again gives the same answer, so it is never
 *   retried: the caller isolates the row and rejects that claim (E_VALUE_REFUSED).
 * - `transient` (`retryable`): connection (08), serialization failure and deadlock (40), insufficient
 *   resources (53), operator intervention such as a shutdown (57, 57P), lock not available (55P03), or
 *   a socket that could not reach the server. Retried with backoff (503).
 * - `other`: anything else (a statement the server cannot run, class 42, ...): a defect, not a value.
 */
export type DbErrorCode =
  | "E_DB_UNAVAILABLE"
  | "E_DB_QUERY"
  | "E_DB_CONFLICT"
  | "E_DB_REFUSED"
  | "E_DB_TX_ABORTED"
  | "E_DB_NESTED_QUERY"
  | "E_DB_MIGRATION_CHANGED"
  | "E_DB_MIGRATION_FILE"
  | "E_DB_NOT_FOUND"
  | "E_DB_CLOSED"
  /** A PGlite folder another process has open (data-dir-lock.ts). */
  | "E_DB_LOCKED";

export type FailureClass = "refused" | "transient" | "other";

export class DbError extends Error {
  readonly code: DbErrorCode;
  readonly retryable: boolean;
  /** The server's SQLSTATE when the error came from PostgreSQL (`23505` unique violation, ...). */
  readonly sqlState?: string;
  /** The column or constraint the server named, when it named one (never the value). */
  readonly column?: string;
  readonly constraint?: string;

  constructor(code: DbErrorCode, message: string, options: { retryable?: boolean; sqlState?: string; column?: string; constraint?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "DbError";
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.sqlState = options.sqlState;
    this.column = options.column;
    this.constraint = options.constraint;
  }

  /** The database refused a value deterministically (SQLSTATE class 22 or 23): never transient. */
  get refused(): boolean {
    return this.sqlState !== undefined && classifySqlState(this.sqlState) === "refused";
  }
}

/** What a SQLSTATE means for the caller (PostgreSQL manual, appendix A "Error Codes"). */
export function classifySqlState(state: string): FailureClass {
  const cls = state.slice(0, 2);
  if (cls === "22" || cls === "23") return "refused";
  if (cls === "08" || cls === "40" || cls === "53" || cls === "57" || state === "55P03") return "transient";
  return "other";
}

/** The class of any thrown value: a DbError by its SQLSTATE (or its retryable flag), anything else `other`. */
export function classifyDbFailure(error: unknown): FailureClass {
  if (!(error instanceof DbError)) return "other";
  if (error.retryable) return "transient";
  return error.refused ? "refused" : "other";
}

/**
 * The rule a refused value broke, in words, by SQLSTATE. The server's own message is never passed on:
 * some quote the value (`invalid input syntax for type integer: "..."`), and the value may be personal.
 */
export function refusedRule(state: string | undefined): string {
  switch (state) {
    case "22001": return "the value is longer than its column allows";
    case "22003": return "the number is out of range for its column";
    case "22007": case "22008": return "the date or time is not valid";
    case "22012": return "a division by zero";
    case "22021": return "the text has a byte the database cannot store (NUL or invalid UTF-8)";
    case "22P02": return "the value is not valid input for its type";
    case "22P05": return "the text has a character the database cannot store in JSON (NUL)";
    case "23502": return "a required value is missing";
    case "23503": return "the value refers to a row that does not exist";
    case "23505": return "the value is already taken";
    case "23514": return "the value breaks a check constraint";
    default: return state?.startsWith("23") ? "the value breaks an integrity constraint" : "the value is not valid for its column";
  }
}

/** Node socket errors that mean the server could not be reached. */
const networkCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN"]);

/** Wraps whatever a driver threw into a DbError, keeping the original as `cause`. */
export function toDbError(error: unknown): DbError {
  if (error instanceof DbError) return error;
  const e = error as { code?: unknown; message?: unknown; column?: unknown; constraint?: unknown };
  const code = typeof e?.code === "string" ? e.code : undefined;
  const message = typeof e?.message === "string" ? e.message : String(error);
  if (code && /^[0-9A-Z]{5}$/.test(code)) {
    const named = {
      sqlState: code,
      cause: error,
      ...(typeof e.column === "string" ? { column: e.column } : {}),
      ...(typeof e.constraint === "string" ? { constraint: e.constraint } : {}),
    };
    if (code === "25P02") {
      return new DbError("E_DB_TX_ABORTED", `the transaction was rolled back: a statement in it failed (${message})`, named);
    }
    if (code === "23505") return new DbError("E_DB_CONFLICT", message, named);
    const kind = classifySqlState(code);
    return new DbError(kind === "refused" ? "E_DB_REFUSED" : "E_DB_QUERY", message, { ...named, retryable: kind === "transient" });
  }
  if ((code && networkCodes.has(code)) || /Connection terminated|timeout exceeded when trying to connect/i.test(message)) {
    return new DbError("E_DB_UNAVAILABLE", message, { retryable: true, cause: error });
  }
  return new DbError("E_DB_QUERY", message, { cause: error });
}
