/**
 * @casemix/reporting: pure casemix report figures (cases, casemix index, ALOS, total and mean payment,
 * outlier rates per period, hospital, MDC and DRG), their CSV and PDF exports, and the curated
 * parquet layout.
 */
export * from "./types.ts";
export { aggregate, createAggregator, compareFigures, toFigure, weightSumText, type Aggregator } from "./aggregate.ts";
export { divHalfUp, formatRinggit, formatScaled, parseScaled, ratio } from "./decimal.ts";
export { figuresFromCsv, figuresToCsv, parseCsvRecords, FIGURE_COLUMNS, type CsvError } from "./csv.ts";
export { renderPeriodPdf, klTime, barCentre, CHART_BOX, PLOT_BOX, type PeriodPdfInput } from "./pdf.ts";
export { curatedKey, writeCurated, CURATED_PREFIX, CURATED_SCHEMA, CURATED_V2_PREFIX, CURATED_V2_SCHEMA, type CuratedClaim, type CuratedFile } from "./curated.ts";
