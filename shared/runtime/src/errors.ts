import { classifyDbFailure, refusedRule, type DbError } from "@casemix/db";

/**
 * Errors are values with a code. The kind decides the HTTP status a Knative Broker reads:
 * `invalid` -> 400 (dead-lettered, never retried); `transient` -> 503 (retried with backoff);
 * `forbidden` -> 403; `not_found` -> 404 (REST only); `conflict` -> 409.
 * Status codes derive from the kind, never from message text (CONVENTIONS.md #8).
 */
export type ErrorKind = "invalid" | "transient" | "unauthorized" | "forbidden" | "not_found" | "conflict";

export class CasemixError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly field?: string;

  constructor(code: string, kind: ErrorKind, message: string, field?: string) {
    super(message);
    this.name = "CasemixError";
    this.code = code;
    this.kind = kind;
    this.field = field;
  }

  get retryable(): boolean {
    return this.kind === "transient";
  }

  toJSON(): { code: string; message: string; field?: string } {
    return { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) };
  }
}

/**
 * Maps an error kind to the HTTP status of DESIGN.md's status mapping. A database error is classed by
 * its SQLSTATE (DESIGN.md "Events"): a value the database refused (class 22, 23) is 400, since a retry
 * gets the same answer; a transient one (08, 40, 57P, a lost connection) and anything unknown is 503.
 */
export function statusOf(error: unknown): number {
  if (!(error instanceof CasemixError)) return classifyDbFailure(error) === "refused" ? 400 : 503;
  switch (error.kind) {
    case "invalid":
      return 400;
    case "unauthorized":
      return 401;
    case "forbidden":
      return 403;
    case "not_found":
      return 404;
    case "conflict":
      return 409;
    default:
      return 503;
  }
}

export const invalid = (code: string, message: string, field?: string) =>
  new CasemixError(code, "invalid", message, field);
export const transient = (code: string, message: string) => new CasemixError(code, "transient", message);

/**
 * The error a value the database refused becomes: code E_VALUE_REFUSED, the rule (from the SQLSTATE)
 * and the column when the server named one, never the value or the server's message (which may quote it).
 */
export function valueRefused(error: DbError, field?: string): CasemixError {
  const named = field ?? error.column;
  return invalid("E_VALUE_REFUSED", `the database refused a value${named ? ` of ${named}` : ""}: ${refusedRule(error.sqlState)} (SQLSTATE ${error.sqlState})`, named);
}

/** A CasemixError as is; a refused database value as E_VALUE_REFUSED; undefined for anything else. */
export function asCasemixError(error: unknown): CasemixError | undefined {
  if (error instanceof CasemixError) return error;
  if (classifyDbFailure(error) === "refused") return valueRefused(error as DbError);
  return undefined;
}
