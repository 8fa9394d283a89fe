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

/** Maps an error kind to the HTTP status of DESIGN.md's status mapping. */
export function statusOf(error: unknown): number {
  if (!(error instanceof CasemixError)) return 503;
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
