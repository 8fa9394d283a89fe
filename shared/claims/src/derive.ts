/**
 * Facts derived from a claim's dates, by DESIGN.md "Claims, dates and versions": dates are calendar
 * dates in Asia/Kuala_Lumpur as the hospital wrote them; age (years and days) is taken at admission;
 * length of stay is the number of calendar days between admission and discharge (a same-day stay is 0);
 * the payment period is the discharge date's month.
 */
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a YYYY-MM-DD date (no time zone involved: calendar arithmetic only). */
export function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

export function lengthOfStay(admissionDate: string, dischargeDate: string): number {
  return dayNumber(dischargeDate) - dayNumber(admissionDate);
}

/** Completed years at `on`; a 29 February birthday is reached on 1 March in common years. */
export function ageInYears(dateOfBirth: string, on: string): number {
  const [by, bm, bd] = [Number(dateOfBirth.slice(0, 4)), Number(dateOfBirth.slice(5, 7)), Number(dateOfBirth.slice(8, 10))];
  const [y, m, d] = [Number(on.slice(0, 4)), Number(on.slice(5, 7)), Number(on.slice(8, 10))];
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age -= 1;
  return age;
}

export function ageInDays(dateOfBirth: string, on: string): number {
  return dayNumber(on) - dayNumber(dateOfBirth);
}

/** `YYYY-MM` of the discharge date. */
export function periodOf(dischargeDate: string): string {
  return dischargeDate.slice(0, 7);
}

/** Ringgit "12345.6" to integer sen 1234560, exactly (no floating point). */
export function ringgitToSen(ringgit: string): number {
  const [whole, fraction = ""] = ringgit.split(".");
  return Number(whole) * 100 + Number((fraction + "00").slice(0, 2));
}
