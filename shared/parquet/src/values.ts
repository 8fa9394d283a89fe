import { ParquetError } from "./errors.ts";

const dayMs = 86_400_000;

function digits(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * `YYYY-MM-DD` -> days since 1970-01-01; rejects impossible dates such as 2026-02-30.
 * Hand-parsed with Howard Hinnant's days_from_civil: this runs for every date of every claim, and
 * the regex + Date.UTC version was 7% of the chunk write profile.
 */
export function daysFromIsoDate(text: string): number | undefined {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  const y = digits(text, 0, 4);
  const m = digits(text, 5, 2);
  const d = digits(text, 8, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > (m === 2 && isLeap(y) ? 29 : monthDays[m - 1])) return undefined;
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
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
