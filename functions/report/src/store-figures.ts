import type { Queryable } from "@casemix/db";
import type { FigureRow } from "@casemix/reporting";

/** Replaces the period's figures with a run's, in one statement each (delete, then one multi-row insert). */
export async function storeFigures(tx: Queryable, period: string, runId: string, figures: readonly FigureRow[]): Promise<void> {
  await tx.query("DELETE FROM report_figure WHERE period = $1", [period]);
  await tx.query(
    `INSERT INTO report_figure (period, dimension, hospital_code, mdc, drg, run_id, cases, weight_sum_e4, casemix_index, los_sum,
                                average_los, total_sen, mean_sen, flagged, outlier_rate)
     SELECT f.period, f.dimension, f.hospital_code, f.mdc, f.drg, $1, f.cases, f.weight_sum_e4::numeric, f.casemix_index::numeric,
            f.los_sum, f.average_los::numeric, f.total_sen::numeric, f.mean_sen::numeric, f.flagged, f.outlier_rate::numeric
     FROM jsonb_to_recordset($2::jsonb) AS f(period text, dimension text, hospital_code text, mdc text, drg text, cases int,
          weight_sum_e4 text, casemix_index text, los_sum bigint, average_los text, total_sen text, mean_sen text, flagged int, outlier_rate text)`,
    [runId, JSON.stringify(figures.map(toColumns))],
  );
}

const toColumns = (f: FigureRow) => ({
  period: f.period, dimension: f.dimension, hospital_code: f.hospitalCode, mdc: f.mdc, drg: f.drg, cases: f.cases,
  weight_sum_e4: f.weightSumE4, casemix_index: f.casemixIndex, los_sum: f.losSum, average_los: f.averageLos,
  total_sen: f.totalSen, mean_sen: f.meanSen, flagged: f.flagged, outlier_rate: f.outlierRate,
});

export type StoredFigure = {
  period: string; dimension: string; hospital_code: string; mdc: string; drg: string; run_id: string; cases: number;
  weight_sum_e4: string; casemix_index: string; los_sum: string; average_los: string; total_sen: string; mean_sen: string;
  flagged: number; outlier_rate: string;
};

/** A stored figure row as the API answers it. */
export const figureJson = (r: StoredFigure) => ({
  period: r.period, dimension: r.dimension, hospitalCode: r.hospital_code || null, mdc: r.mdc || null, drg: r.drg || null,
  runId: r.run_id, cases: Number(r.cases), casemixIndex: r.casemix_index, averageLos: r.average_los,
  totalSen: r.total_sen, meanSen: r.mean_sen, flagged: Number(r.flagged), outlierRate: r.outlier_rate,
});
