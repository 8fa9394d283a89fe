/**
 * Periods are calendar months by discharge date in Asia/Kuala_Lumpur (DESIGN.md "Claims, dates").
 * Malaysia has kept UTC+08:00 without daylight saving since 1982, so the offset is a constant.
 */
export const KUALA_LUMPUR_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The period `YYYY-MM` an instant falls in, in Kuala Lumpur time. */
export function periodAt(instant: Date): string {
  const local = new Date(instant.getTime() + KUALA_LUMPUR_OFFSET_MS);
  return `${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** The period before `period` (`2027-01` -> `2026-12`). */
export function previousPeriod(period: string): string {
  const [y, m] = period.split("-").map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

/**
 * The period a month-end tick closes: the month before the tick's Kuala Lumpur month. The schedule
 * ticks daily (events/src/routes.ts), so a missed tick is caught up the next day; closing is
 * idempotent by period (the same run id).
 */
export function periodToClose(tick: Date): string {
  return previousPeriod(periodAt(tick));
}

/** True when `period` is over in Kuala Lumpur at `now` (only past months can be closed). */
export function isPeriodOver(period: string, now: Date): boolean {
  return period < periodAt(now);
}

/**
 * Run ids of close runs. The first close of a period is always `run_close_<YYYY-MM>`, so every tick
 * and every plain close names the same run and only the first starts it. A re-close is a new run,
 * named by the instant it was asked for and a caller's suffix that tells apart two re-closes asked in
 * the same second (`run_close_<YYYY-MM>_<yyyymmddThhmmss>_<suffix>`, UTC); price still makes it a
 * no-op when the versions in force have not changed.
 */
export function closeRunId(period: string, reclose?: { at: Date; suffix: string }): string {
  if (!reclose) return `run_close_${period}`;
  const stamp = reclose.at.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "");
  return `run_close_${period}_${stamp}_${reclose.suffix}`;
}
