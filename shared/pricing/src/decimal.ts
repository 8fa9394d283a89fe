/**
 * Exact decimal arithmetic for money (DESIGN.md "Money is exact"): amounts are integer sen, weights and
 * factors are decimal strings held as scaled integers (e.g. "1.2345" at scale 4 is 12345). Every payment
 * component is computed as one exact integer quotient and rounded once, half up.
 */

/** The result of parsing a decimal string: the scaled integer, or an error sentence. */
export type ParsedDecimal = { ok: true; scaled: number } | { ok: false; message: string };

const DECIMAL_PATTERN = /^(\d+)(?:\.(\d+))?$/;

/**
 * Parses a non-negative decimal string with at most `scale` fraction digits into a scaled integer.
 * More digits are refused rather than rounded, so a tariff never changes silently on import.
 *
 * @example
 * parseDecimal("1.2345", 4) // { ok: true, scaled: 12345 }
 * parseDecimal("4.5", 2)    // { ok: true, scaled: 450 }
 */
export function parseDecimal(text: string, scale: number): ParsedDecimal {
  const match = DECIMAL_PATTERN.exec(text.trim());
  if (!match) return { ok: false, message: `"${text}" is not a non-negative decimal number such as 1.2345` };
  const fraction = match[2] ?? "";
  if (fraction.length > scale) {
    return { ok: false, message: `"${text}" has ${fraction.length} decimal places; at most ${scale} are allowed` };
  }
  const scaled = Number(match[1] + fraction.padEnd(scale, "0"));
  if (!Number.isSafeInteger(scaled)) return { ok: false, message: `"${text}" is too large` };
  return { ok: true, scaled };
}

/**
 * Formats a scaled integer back to its decimal string with exactly `scale` fraction digits.
 *
 * @example
 * formatScaled(12345, 4) // "1.2345"
 */
export function formatScaled(scaled: number, scale: number): string {
  if (scale === 0) return String(scaled);
  const sign = scaled < 0 ? "-" : "";
  const digits = String(Math.abs(scaled)).padStart(scale + 1, "0");
  return `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/**
 * Rounds the exact quotient (a x b) / d half up, for non-negative integers a, b and positive d: the one
 * rounding each payment component gets. Uses safe-integer arithmetic when a x b fits in 2^53 (the fast
 * path, always taken for realistic tariffs) and BigInt otherwise, so the result is exact either way.
 *
 * @example
 * mulDivHalfUp(400000, 12345, 10000) // 493800  (RM 4,000.00 x 1.2345)
 * mulDivHalfUp(5, 1, 2)              // 3       (2.5 rounds half up)
 */
export function mulDivHalfUp(a: number, b: number, d: number): number {
  const product = a * b;
  if (product <= Number.MAX_SAFE_INTEGER) return divHalfUp(product, d);
  const big = BigInt(a) * BigInt(b);
  const bigD = BigInt(d);
  const quotient = big / bigD;
  const remainder = big - quotient * bigD;
  const rounded = remainder * 2n >= bigD ? quotient + 1n : quotient;
  return Number(rounded);
}

/** Rounds n / d half up for a non-negative safe integer n and positive d. */
export function divHalfUp(n: number, d: number): number {
  let quotient = Math.floor(n / d);
  let remainder = n - quotient * d;
  // Float division can land one off for quotients near 2^53; correct with the exact remainder.
  if (remainder < 0) {
    quotient -= 1;
    remainder += d;
  } else if (remainder >= d) {
    quotient += 1;
    remainder -= d;
  }
  return remainder * 2 >= d ? quotient + 1 : quotient;
}

/**
 * Formats integer sen as Malaysian ringgit for the formula in words.
 *
 * @example
 * formatRinggit(493800)  // "RM 4,938.00"
 * formatRinggit(-60000)  // "-RM 600.00"
 */
export function formatRinggit(sen: number): string {
  const sign = sen < 0 ? "-" : "";
  const abs = Math.abs(sen);
  const ringgit = Math.floor(abs / 100);
  const cents = abs - ringgit * 100;
  const grouped = String(ringgit).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}RM ${grouped}.${cents < 10 ? "0" : ""}${cents}`;
}
