/**
 * Exact decimal helpers on bigint: every figure is one quotient rounded once, half up, as pricing does
 * (DESIGN.md "Money is exact").
 */

/** n / d rounded half up (n >= 0, d > 0). */
export function divHalfUp(n: bigint, d: bigint): bigint {
  return (2n * n + d) / (2n * d);
}

/** n / d as a decimal string with `places` places, rounded half up; "0.00..." when d is 0. */
export function ratio(n: bigint, d: bigint, places: number): string {
  if (d === 0n) return (0).toFixed(places);
  const scaled = divHalfUp(n * 10n ** BigInt(places), d);
  return formatScaled(scaled, places);
}

/** A scaled integer as decimal text (12345n, 2 -> "123.45"). */
export function formatScaled(value: bigint, places: number): string {
  if (places === 0) return value.toString();
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(places + 1, "0");
  return `${negative ? "-" : ""}${digits.slice(0, -places)}.${digits.slice(-places)}`;
}

/** A decimal string with up to `places` places -> scaled bigint ("1.2" at 4 -> 12000n). */
export function parseScaled(text: string, places: number): bigint {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new Error(`'${text}' is not a decimal number`);
  const fraction = m[3] ?? "";
  if (fraction.length > places) throw new Error(`'${text}' has more than ${places} decimal places`);
  return BigInt(`${m[1]}${m[2]}${fraction.padEnd(places, "0")}`);
}

/** Sen as ringgit with thousands separators: 123456789n -> "RM 1,234,567.89". */
export function formatRinggit(sen: bigint | string): string {
  const text = formatScaled(BigInt(sen), 2);
  const [whole, fraction] = text.split(".");
  return `RM ${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${fraction}`;
}
