import { divHalfUp, formatScaled, parseScaled, ratio } from "./decimal.ts";
import { DIMENSIONS, type Dimension, type FigureRow, type ReportFact } from "./types.ts";

type Sums = { cases: number; weightE4: bigint; los: number; sen: bigint; flagged: number };
type Key = { period: string; dimension: Dimension; hospitalCode: string; mdc: string; drg: string };

function keysOf(f: ReportFact): Key[] {
  const k = (dimension: Dimension, hospitalCode = "", mdc = "", drg = ""): Key => ({ period: f.period, dimension, hospitalCode, mdc, drg });
  return [
    k("period"),
    k("hospital", f.hospitalCode),
    k("mdc", "", f.mdc),
    k("drg", "", "", f.drg),
    k("hospital-mdc", f.hospitalCode, f.mdc),
    k("hospital-drg", f.hospitalCode, "", f.drg),
  ];
}

const keyText = (k: Key) => `${k.period}\u0000${k.dimension}\u0000${k.hospitalCode}\u0000${k.mdc}\u0000${k.drg}`;

/** Turns the exact sums of one key into a figure row (every derived figure rounded once, half up). */
export function toFigure(key: Key, s: Sums): FigureRow {
  const cases = BigInt(s.cases);
  return {
    ...key,
    cases: s.cases,
    weightSumE4: s.weightE4.toString(),
    casemixIndex: ratio(s.weightE4, cases * 10_000n, 4),
    losSum: s.los,
    averageLos: ratio(BigInt(s.los), cases, 2),
    totalSen: s.sen.toString(),
    meanSen: cases === 0n ? "0" : divHalfUp(s.sen, cases).toString(),
    flagged: s.flagged,
    outlierRate: ratio(BigInt(s.flagged), cases, 4),
  };
}

export type Aggregator = {
  add(fact: ReportFact): void;
  /** The figure rows so far, sorted by period, dimension order, then keys. */
  rows(): FigureRow[];
};

/**
 * Streams facts into exact sums per period and per hospital, MDC, DRG, hospital x MDC and hospital x
 * DRG, so a million claims never sit in memory at once.
 *
 * @example
 * const agg = createAggregator(); for (const f of facts) agg.add(f); const figures = agg.rows();
 */
export function createAggregator(): Aggregator {
  const sums = new Map<string, { key: Key; s: Sums }>();
  return {
    add(fact) {
      const weightE4 = parseScaled(fact.weight, 4);
      const sen = BigInt(fact.paymentSen);
      for (const key of keysOf(fact)) {
        const text = keyText(key);
        let entry = sums.get(text);
        if (!entry) sums.set(text, (entry = { key, s: { cases: 0, weightE4: 0n, los: 0, sen: 0n, flagged: 0 } }));
        entry.s.cases++;
        entry.s.weightE4 += weightE4;
        entry.s.los += fact.los;
        entry.s.sen += sen;
        if (fact.flagged) entry.s.flagged++;
      }
    },
    rows() {
      return [...sums.values()].map(({ key, s }) => toFigure(key, s)).sort(compareFigures);
    },
  };
}

/** Aggregates a list of facts at once. */
export function aggregate(facts: Iterable<ReportFact>): FigureRow[] {
  const agg = createAggregator();
  for (const f of facts) agg.add(f);
  return agg.rows();
}

export function compareFigures(a: FigureRow, b: FigureRow): number {
  return (
    a.period.localeCompare(b.period) ||
    DIMENSIONS.indexOf(a.dimension) - DIMENSIONS.indexOf(b.dimension) ||
    a.hospitalCode.localeCompare(b.hospitalCode) ||
    a.mdc.localeCompare(b.mdc) ||
    a.drg.localeCompare(b.drg)
  );
}

/** Formats a weight sum back as the decimal it is (for checks and exports). */
export const weightSumText = (row: FigureRow) => formatScaled(BigInt(row.weightSumE4), 4);
