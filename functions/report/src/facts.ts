import type { Queryable } from "@casemix/db";
import { toFigure, type CuratedClaim, type Dimension, type FigureRow } from "@casemix/reporting";

/**
 * What report reads (all in this file):
 * - price_current(claim_id, version, run_id, period): the price in force of each claim of the period;
 * - price(claim_id, version, run_id, drg, weight, los, total_sen, tariff_version_id, hospital_code,
 *   error_code): that price row (`weight` the DRG's cost weight as a 4-place decimal string);
 * - grouping(claim_id, version, mdc, drg, status): the grouping the price used (matched on drg);
 * - outlier_decision(claim_id, version, flagged): a claim is an outlier when any decision flagged it.
 * The report of a run is the period as it stands after the run: every claim's price in force.
 */
const facts = (hospitalFilter = "") => `
  SELECT p.hospital_code, g.mdc, p.drg, p.weight, p.los, p.total_sen, p.claim_id, p.version, p.tariff_version_id, p.batch_id, p.row_no,
         EXISTS (SELECT 1 FROM outlier_decision d WHERE d.claim_id = p.claim_id AND d.version = p.version AND d.flagged) AS flagged
  FROM price_current pc
  JOIN price p ON p.claim_id = pc.claim_id AND p.version = pc.version AND p.run_id = pc.run_id AND p.error_code IS NULL
  JOIN LATERAL (SELECT mdc FROM grouping g WHERE g.claim_id = p.claim_id AND g.version = p.version AND g.drg = p.drg
                AND g.status = 'grouped' ORDER BY g.created_at DESC LIMIT 1) g ON true
  WHERE pc.period = $1 ${hospitalFilter}`;
const FACTS = facts();

/** GROUPING(hospital_code, mdc, drg) bit masks (1 = rolled up) of each grouping set. */
const DIMENSION_OF: Record<number, Dimension> = { 7: "period", 3: "hospital", 5: "mdc", 6: "drg", 1: "hospital-mdc", 2: "hospital-drg" };

type SumRow = { g: number; hospital_code: string | null; mdc: string | null; drg: string | null; cases: string; weight_e4: string; los: string; sen: string; flagged: string };

/**
 * The period's figures as they stand, summed by the database in one pass (GROUPING SETS), then derived
 * with the pure rules of @casemix/reporting: a million claims never travel to the function.
 */
export async function periodFigures(db: Queryable, period: string): Promise<FigureRow[]> {
  const { rows } = await db.query<SumRow>(
    `WITH f AS (${FACTS})
     SELECT GROUPING(hospital_code, mdc, drg)::int AS g, hospital_code, mdc, drg, count(*)::text AS cases,
            (sum(weight::numeric) * 10000)::numeric(38, 0)::text AS weight_e4, sum(los)::text AS los, sum(total_sen)::text AS sen,
            count(*) FILTER (WHERE flagged)::text AS flagged
     FROM f GROUP BY GROUPING SETS ((), (hospital_code), (mdc), (drg), (hospital_code, mdc), (hospital_code, drg))`,
    [period],
  );
  return rows
    .filter((r) => Number(r.cases) > 0)
    .map((r) =>
      toFigure(
        { period, dimension: DIMENSION_OF[Number(r.g)], hospitalCode: r.hospital_code ?? "", mdc: r.mdc ?? "", drg: r.drg ?? "" },
        { cases: Number(r.cases), weightE4: BigInt(r.weight_e4), los: Number(r.los), sen: BigInt(r.sen), flagged: Number(r.flagged) },
      ),
    );
}

type ClaimRow = {
  hospital_code: string; mdc: string; drg: string; weight: string; los: number; total_sen: string; claim_id: string; version: number; tariff_version_id: string | null; flagged: boolean;
  claim_number: string; discharge_date: string; patient_pseudo: string | null;
};

/**
 * One hospital's claims of the period and run, for its curated parquet partitions (v1, and v2 with the
 * claim number, discharge date and patient pseudonym of the claim version priced, from its claim row).
 * The claim row is found by the price row's own (batch_id, row_no), claim_row's primary key: claim_row
 * has no index on claim_id, and looking it up by claim id ran 7-12 minutes per hospital on a 400k month.
 */
export async function hospitalClaims(db: Queryable, period: string, runId: string, hospitalCode: string): Promise<CuratedClaim[]> {
  const { rows } = await db.query<ClaimRow>(
    `SELECT f.*, r.claim_number, to_char(r.discharge_date, 'YYYY-MM-DD') AS discharge_date, r.patient_pseudo
     FROM (${facts("AND p.period = $1 AND p.hospital_code = $2")}) f
     LEFT JOIN claim_row r ON r.batch_id = f.batch_id AND r.row_no = f.row_no
     ORDER BY f.claim_id, f.version`,
    [period, hospitalCode],
  );
  return rows.map((r) => ({
    period, hospitalCode, claimId: r.claim_id, version: Number(r.version), mdc: r.mdc, drg: r.drg,
    weight: trimWeight(r.weight), los: Number(r.los), paymentSen: BigInt(r.total_sen), flagged: r.flagged,
    tariffVersionId: r.tariff_version_id, runId,
    claimNumber: r.claim_number ?? "", dischargeDate: r.discharge_date ?? undefined, patientPseudo: r.patient_pseudo,
  }));
}

/** numeric comes back as text with the column's scale; the curated column has 4 places. */
const trimWeight = (w: string) => {
  const [i, f = ""] = w.split(".");
  return `${i}.${(f + "0000").slice(0, 4)}`;
};
