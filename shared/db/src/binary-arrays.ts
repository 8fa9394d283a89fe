/**
 * Binary-format encoders for the large array parameters of the chunk statements (`unnest($1::text[],
 * $2::int[], ...)`). PGlite sends a string parameter in text format, and its protocol writer measures
 * the UTF-8 length of each string in JavaScript twice (once for the length, once to write it): for an
 * array literal of thousands of claims that was most of PGlite's JS time. A Uint8Array parameter is
 * sent as is, in binary format, so these encoders write PostgreSQL's binary array format directly
 * (array_recv: dimensions, element OID, then each element as length + bytes; see the PostgreSQL
 * source, arrayfuncs.c) with the native TextEncoder.
 *
 * Only values that encode exactly are taken: a one-dimensional array of strings (text[]), integers
 * in int4 range (int[]), booleans (boolean[]) or valid `YYYY-MM-DD` dates (date[]), with nulls.
 * Anything else returns undefined and goes through PGlite's own text serializer, so errors and edge
 * cases stay PostgreSQL's.
 */
const TEXT = 25;
const INT4 = 23;
const BOOL = 16;
const DATE = 1082;

/** Array type OID -> element type OID. */
export const binaryArrayTypes = { 1009: TEXT, 1007: INT4, 1000: BOOL, 1182: DATE } as const;

const encoder = new TextEncoder();
const dateText = /^(\d{4})-(\d\d)-(\d\d)$/;
const epoch2000 = Date.UTC(2000, 0, 1);

/** Days since 2000-01-01 (PostgreSQL's binary date), or undefined when `text` is not a real calendar date. */
function parseDateDays(text: string): number | undefined {
  const m = dateText.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  // Date.UTC maps years 0-99 to 1900-1999 and rolls 2026-02-30 over to March: refuse both.
  if (y < 100 || back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return Math.round((ms - epoch2000) / 86_400_000);
}

// A chunk's dates repeat (a month of stays has a few hundred distinct days) and each is looked up
// twice (fits, then encode): parsing every one was 1.0 of 35 s of the PGlite thread (300k claims, --cpu-prof).
const dateCache = new Map<string, number | undefined>();

function dateDays(text: string): number | undefined {
  const cached = dateCache.get(text);
  if (cached !== undefined || dateCache.has(text)) return cached;
  if (dateCache.size >= 50_000) dateCache.clear();
  const days = parseDateDays(text);
  dateCache.set(text, days);
  return days;
}

function fits(element: number, value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (element === TEXT) return typeof value === "string";
  if (element === INT4) return Number.isInteger(value) && (value as number) >= -2147483648 && (value as number) <= 2147483647;
  if (element === BOOL) return typeof value === "boolean";
  return typeof value === "string" && dateDays(value) !== undefined;
}

/** The binary form of `values` as an array of `element`, or undefined when it cannot be exact. */
export function encodeBinaryArray(element: number, values: unknown): Uint8Array | undefined {
  if (!Array.isArray(values)) return undefined;
  let size = 20;
  let hasNull = 0;
  for (const v of values) {
    if (!fits(element, v)) return undefined;
    if (v === null || v === undefined) hasNull = 1;
    size += 4 + (v == null ? 0 : element === TEXT ? (v as string).length * 3 : element === BOOL ? 1 : 4);
  }
  const bytes = new Uint8Array(values.length ? size : 12);
  const view = new DataView(bytes.buffer);
  view.setInt32(0, values.length ? 1 : 0);
  view.setInt32(4, hasNull);
  view.setInt32(8, element);
  if (!values.length) return bytes;
  view.setInt32(12, values.length);
  view.setInt32(16, 1);
  let at = 20;
  for (const v of values) {
    if (v === null || v === undefined) {
      view.setInt32(at, -1);
      at += 4;
    } else if (element === TEXT) {
      const { written } = encoder.encodeInto(v as string, bytes.subarray(at + 4));
      view.setInt32(at, written);
      at += 4 + written;
    } else if (element === BOOL) {
      view.setInt32(at, 1);
      bytes[at + 4] = v ? 1 : 0;
      at += 5;
    } else {
      view.setInt32(at, 4);
      view.setInt32(at + 4, element === INT4 ? (v as number) : dateDays(v as string)!);
      at += 8;
    }
  }
  return bytes.subarray(0, at);
}

/**
 * PGlite query `serializers` that send the array types above in binary form and fall back to
 * PGlite's own serializer (`fallback(oid)`) for anything else.
 */
export function binaryArraySerializers(fallback: (oid: number) => ((value: unknown) => unknown) | undefined): Record<number, (value: unknown) => unknown> {
  const out: Record<number, (value: unknown) => unknown> = {};
  for (const [oid, element] of Object.entries(binaryArrayTypes)) {
    const type = Number(oid);
    out[type] = (value) => encodeBinaryArray(element, value) ?? (fallback(type) ?? String)(value);
  }
  return out;
}
