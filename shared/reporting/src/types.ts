/**
 * One priced claim as a report counts it: plain data read from the price, grouping and outlier tables.
 * Money is integer sen; the cost weight is a decimal string with up to 4 places (as in the tariff).
 */
export type ReportFact = {
  period: string;
  hospitalCode: string;
  mdc: string;
  drg: string;
  /** Cost weight of the DRG in the tariff used, e.g. "1.2345". */
  weight: string;
  los: number;
  /** Payment in integer sen (number or bigint). */
  paymentSen: number | bigint;
  /** True when the outlier check flagged the claim. */
  flagged: boolean;
};

/** The breakdowns a report precomputes; each row of a report is one key of one of these. */
export type Dimension = "period" | "hospital" | "mdc" | "drg" | "hospital-mdc" | "hospital-drg";

export const DIMENSIONS: readonly Dimension[] = ["period", "hospital", "mdc", "drg", "hospital-mdc", "hospital-drg"];

/**
 * One figure row. Decimals are strings so they stay exact in JSON, CSV and the database: the casemix
 * index (mean cost weight) to 4 places, the average LOS to 2, payments in sen, the outlier rate to 4.
 * Keys a dimension does not use are "" (not null, so they can be part of a primary key).
 */
export type FigureRow = {
  period: string;
  dimension: Dimension;
  hospitalCode: string;
  mdc: string;
  drg: string;
  cases: number;
  /** Sum of cost weights x 10,000 (exact, so figures can be re-aggregated). */
  weightSumE4: string;
  casemixIndex: string;
  losSum: number;
  averageLos: string;
  totalSen: string;
  meanSen: string;
  flagged: number;
  outlierRate: string;
};
