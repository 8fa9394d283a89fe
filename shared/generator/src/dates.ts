/** Calendar days as integers (days since 1970-01-01, UTC arithmetic, no time zone), with cached ISO text. */
const DAY_MS = 86_400_000;
const cache = new Map<number, string>();

/** `YYYY-MM-DD` of a day number; cached, since a month of claims uses a few thousand distinct days. */
export function isoDay(day: number): string {
  let s = cache.get(day);
  if (s === undefined) {
    s = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (cache.size < 100_000) cache.set(day, s);
  }
  return s;
}

/** Day number of the first day of `YYYY-MM`, and the number of days in `months` months from it. */
export function periodDays(period: string, months: number): { first: number; days: number; last: number } {
  const y = Number(period.slice(0, 4));
  const m = Number(period.slice(5, 7)) - 1;
  const first = Date.UTC(y, m, 1) / DAY_MS;
  const end = Date.UTC(y, m + months, 1) / DAY_MS;
  return { first, days: end - first, last: end - 1 };
}

/** The same calendar date `years` earlier (29 February becomes 1 March in a common year). */
export function yearsBefore(day: number, years: number): number {
  const d = new Date(day * DAY_MS);
  return Date.UTC(d.getUTCFullYear() - years, d.getUTCMonth(), d.getUTCDate()) / DAY_MS;
}

/** Completed years from `birth` to `on` (both day numbers), as @casemix/claims ageInYears counts them. */
export function completedYears(birth: number, on: number): number {
  const b = new Date(birth * DAY_MS);
  const o = new Date(on * DAY_MS);
  let age = o.getUTCFullYear() - b.getUTCFullYear();
  if (o.getUTCMonth() < b.getUTCMonth() || (o.getUTCMonth() === b.getUTCMonth() && o.getUTCDate() < b.getUTCDate())) age -= 1;
  return age;
}
