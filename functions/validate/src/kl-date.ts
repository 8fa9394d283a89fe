/** Kuala Lumpur calendar date of an instant (UTC+8, no daylight saving). */
export function klDate(instant: string | undefined, fallback: Date): string {
  const ms = instant ? Date.parse(instant) : NaN;
  return new Date((Number.isNaN(ms) ? fallback.getTime() : ms) + 8 * 3_600_000).toISOString().slice(0, 10);
}
