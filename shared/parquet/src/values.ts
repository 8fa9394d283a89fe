import { ParquetError } from "./errors.ts";

const dayMs = 86_400_000;
const isoDate = /^(\d{4})-(\d\d)-(\d\d)$/;

/** `YYYY-MM-DD` -> days since 1970-01-01; rejects impossible dates such as 2026-02-30. */
export function daysFromIsoDate(text: string): number | undefined {
  const m = isoDate.exec(text);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const back = new Date(ms);
  if (back.getUTCDate() !== Number(m[3]) || back.getUTCMonth() !== Number(m[2]) - 1) return undefined;
  return ms / dayMs;
}

/** Days since 1970-01-01 -> `YYYY-MM-DD`. */
export function isoDateFromDays(days: number): string {
  return new Date(days * dayMs).toISOString().slice(0, 10);
}

const decimalText = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * An unscaled integer for a DECIMAL(precision, scale) column: a bigint or safe-integer number is
 * taken as already unscaled (sen for scale 2); a string is decimal text, padded to `scale` places.
 * Places beyond `scale` are refused rather than rounded: rounding money is the pricing code's job.
 */
export function toUnscaled(value: unknown, precision: number, scale: number): bigint | string {
  let unscaled: bigint;
  if (typeof value === "bigint") unscaled = value;
  else if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) return `${value} is not an unscaled integer (give sen as an integer, or a decimal string)`;
    unscaled = BigInt(value);
  } else if (typeof value === "string") {
    const m = decimalText.exec(value);
    if (!m) return `'${value}' is not a decimal number`;
    const fraction = m[3] ?? "";
    if (fraction.length > scale && /[1-9]/.test(fraction.slice(scale))) return `'${value}' has more than ${scale} decimal places`;
    const digits = m[2] + fraction.slice(0, scale).padEnd(scale, "0");
    unscaled = BigInt(m[1] + digits);
  } else return `${typeof value} is not a decimal`;
  const limit = 10n ** BigInt(precision);
  if (unscaled >= limit || unscaled <= -limit) return `${value} does not fit DECIMAL(${precision},${scale})`;
  return unscaled;
}

/** An unscaled integer -> decimal text with exactly `scale` places (`12345n`, 2 -> `"123.45"`). */
export function formatDecimal(unscaled: bigint | number, scale: number): string {
  const v = BigInt(unscaled);
  if (scale === 0) return v.toString();
  const negative = v < 0n;
  const digits = (negative ? -v : v).toString().padStart(scale + 1, "0");
  return `${negative ? "-" : ""}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

export function invalid(column: string, row: number, message: string): ParquetError {
  return new ParquetError("E_PARQUET_VALUE", `row ${row}, column '${column}': ${message}`, { column, row });
}
