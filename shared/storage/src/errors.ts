/**
 * Object-store errors are values with a stable code (CONVENTIONS.md #8). `retryable` tells a handler
 * whether the failure is transient (the runtime answers 503 and the broker retries) or final.
 */
export type StorageErrorCode =
  | "E_OBJECT_NOT_FOUND"
  | "E_OBJECT_CONFLICT"
  | "E_OBJECT_KEY_INVALID"
  | "E_OBJECT_STORE_UNAVAILABLE";

export class StorageError extends Error {
  readonly code: StorageErrorCode;
  readonly key: string;
  readonly retryable: boolean;

  constructor(code: StorageErrorCode, key: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StorageError";
    this.code = code;
    this.key = key;
    this.retryable = code === "E_OBJECT_STORE_UNAVAILABLE";
  }
}

/** True when `error` is a {@link StorageError} with the given code. */
export function isStorageError(error: unknown, code?: StorageErrorCode): error is StorageError {
  return error instanceof StorageError && (code === undefined || error.code === code);
}

export const notFound = (key: string) => new StorageError("E_OBJECT_NOT_FOUND", key, `no object at ${key}`);

export const conflict = (key: string, existing: string, attempted: string) =>
  new StorageError(
    "E_OBJECT_CONFLICT",
    key,
    `${key} is write-once and already holds sha256 ${existing}; refusing different bytes (sha256 ${attempted})`,
  );
