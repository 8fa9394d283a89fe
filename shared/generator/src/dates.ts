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

/**
 * Year, month (1-12) and day of a day number, without a Date object (the hot path makes millions):
 * Howard Hinnant's civil_from_days (https://howardhinnant.github.io/date_algorithms.html).
 */
export function civil(day: number): { y: number; m: number; d: number } {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

/** Day number of a calendar date (days_from_civil, same source); a day past the month's end rolls over. */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The same calendar date `years` earlier (29 February becomes 1 March in a common year). */
export function yearsBefore(day: number, years: number): number {
  const { y, m, d } = civil(day);
  return daysFromCivil(y - years, m, d);
}

/** Completed years from `birth` to `on` (both day numbers), as @casemix/claims ageInYears counts them. */
export function completedYears(birth: number, on: number): number {
  const b = civil(birth);
  const o = civil(on);
  let age = o.y - b.y;
  if (o.m < b.m || (o.m === b.m && o.d < b.d)) age -= 1;
  return age;
}
