import type { RunResult } from "./report.ts";

export type SideSummary = { rates: number[]; median: number; min: number; max: number; spreadPercent: number };

/** A run's end-to-end claims/s: every claim settled over first byte to last completion. */
export function runRate(r: RunResult): number {
  return r.settled / r.endToEndSeconds;
}

/** End-to-end claims/s of each run, their median (the mean of the middle two for an even count) and spread. */
export function sideSummary(runs: readonly RunResult[]): SideSummary {
  const rates = runs.map((r) => Math.round(runRate(r)));
  const sorted = [...rates].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
  const min = sorted[0];
  const max = sorted[sorted.length - 1];
  return { rates, median, min, max, spreadPercent: median ? ((max - min) / median) * 100 : NaN };
}

/** How much slower `on` is than `off`, in percent of `off` (negative: faster). */
export function slowdown(offRate: number, onRate: number): number {
  return ((offRate - onRate) / offRate) * 100;
}
