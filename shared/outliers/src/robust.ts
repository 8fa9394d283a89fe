/**
 * Robust location and scale: the median and the median absolute deviation (MAD). One outlier in a
 * peer group moves a mean and a standard deviation; it barely moves these (breakdown point 50%).
 */

/** Consistency constant: for normal data 1.4826 x MAD estimates the standard deviation. */
export const MAD_TO_SIGMA = 1.4826;

/**
 * The cut-off of the modified z-score above which a value is an outlier: 3.5, as recommended by
 * Iglewicz and Hoaglin, "How to Detect and Handle Outliers" (ASQC, 1993).
 */
export const MODIFIED_Z_CUTOFF = 3.5;

/** The median of `values` (not modified); NaN for an empty list. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median and MAD of `values`. */
export function medianMad(values: readonly number[]): { median: number; mad: number } {
  const m = median(values);
  return { median: m, mad: median(values.map((v) => Math.abs(v - m))) };
}

/**
 * The modified z-score 0.6745 (x - median) / MAD (Iglewicz and Hoaglin). When more than half the
 * peers share one value the MAD is 0; then the mean absolute deviation x 1.2533 stands in for
 * the scale (the same authors' fallback), and `meanAbsDev` must be given for that.
 */
export function modifiedZ(x: number, stats: { median: number; mad: number; meanAbsDev?: number }): number {
  if (stats.mad > 0) return (0.6745 * (x - stats.median)) / stats.mad;
  const mean = stats.meanAbsDev ?? 0;
  if (mean > 0) return (x - stats.median) / (1.2533 * mean);
  return x === stats.median ? 0 : Math.sign(x - stats.median) * Number.POSITIVE_INFINITY;
}

/** Mean absolute deviation around `center`. */
export function meanAbsDev(values: readonly number[], center: number): number {
  if (values.length === 0) return Number.NaN;
  let sum = 0;
  for (const v of values) sum += Math.abs(v - center);
  return sum / values.length;
}

/** The q-quantile (0..1) of `values` by linear interpolation between order statistics. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const pos = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
