import { StorageError } from "./errors.ts";

/** S3's limit on a key's UTF-8 length. */
const MAX_KEY_BYTES = 1024;

/**
 * The folder store keeps unfinished writes here, beside the objects (same filesystem, so a finished
 * write is one atomic rename or link). Keys may not start with it.
 */
export const TEMP_SEGMENT = ".tmp";

// Both stores check keys the same way, so a key that works on a laptop's folder works on S3 and
// a key that could leave the folder ("..", absolute paths) is refused everywhere.
function invalid(key: string, rule: string): StorageError {
  return new StorageError("E_OBJECT_KEY_INVALID", key, `invalid object key ${JSON.stringify(key)}: ${rule}`);
}

function checkCommon(key: string): void {
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) throw invalid(key, `longer than ${MAX_KEY_BYTES} bytes`);
  if (key.startsWith("/")) throw invalid(key, "starts with '/'");
  if (key.includes("\\")) throw invalid(key, "contains '\\'");
  if (/[\u0000-\u001f\u007f]/.test(key)) throw invalid(key, "contains a control character");
}

/** Throws `E_OBJECT_KEY_INVALID` unless `key` is a '/'-separated path of non-empty, non-dot segments. */
export function assertValidKey(key: string): void {
  if (key === "") throw invalid(key, "empty");
  checkCommon(key);
  const segments = key.split("/");
  if (segments.some((s) => s === "")) throw invalid(key, "has an empty segment ('//' or a trailing '/')");
  if (segments.some((s) => s === "." || s === "..")) throw invalid(key, "has a '.' or '..' segment");
  if (segments[0] === TEMP_SEGMENT) throw invalid(key, `starts with the reserved segment '${TEMP_SEGMENT}'`);
}

/** A listing prefix may end anywhere (`landing/bat_1/`, `landing/bat_`), but may not climb out. */
export function assertValidPrefix(prefix: string): void {
  checkCommon(prefix);
  if (prefix.split("/").some((s) => s === "..")) throw invalid(prefix, "has a '..' segment");
}
