const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date `YYYY-MM-DD`. */
export function isIsoDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** The date `days` after `date` (both `YYYY-MM-DD`, calendar arithmetic in UTC). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Packages, tariffs and registers state an inclusive last day; versions store an exclusive end
 * ([from, to)), so consecutive versions meet without a gap: 2026-12-31 inclusive is 2027-01-01 exclusive.
 */
export const exclusiveEnd = (inclusiveTo: string | null): string | null => (inclusiveTo === null ? null : addDays(inclusiveTo, 1));

/** The inclusive last day of an exclusive end (what `config.published` carries). */
export const inclusiveEnd = (exclusiveTo: string | null): string | null => (exclusiveTo === null ? null : addDays(exclusiveTo, -1));
