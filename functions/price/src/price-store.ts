import type { Queryable } from "@casemix/db";
import type { PricedClaim, PricingInput } from "./price-inputs.ts";

/**
 * The database side of pricing: each function here is ONE statement for a whole chunk (arrays bound
 * as parameters and unnested), never one statement per claim (CONVENTIONS.md #11).
 */

type Col = { name: string; type: string; of: (p: PricedClaim) => unknown };

const c = (name: string, type: string, of: (p: PricedClaim) => unknown): Col => ({ name, type, of });

/** The columns of `price` and where each value comes from. */
const PRICE_COLUMNS: readonly Col[] = [
  c("claim_id", "text", (p) => p.input.claimId),
  c("version", "int", (p) => p.input.version),
  c("run_id", "text", (p) => p.runId),
  c("period", "text", (p) => p.input.period),
  c("hospital_code", "text", (p) => p.input.hospitalCode),
  c("tariff_version_id", "text", (p) => p.tariffVersionId),
  c("register_version_id", "text", (p) => p.registerVersionId),
  c("drg", "text", (p) => p.input.drg),
  c("hospital_class", "text", (p) => p.price?.hospitalClass ?? null),
  c("region", "text", (p) => p.price?.region ?? null),
  c("base_rate_region", "text", (p) => p.price?.baseRateRegion ?? null),
  c("los", "int", (p) => p.input.los),
  c("discharge_status", "text", (p) => p.input.dischargeStatus),
  c("discharge_kind", "text", (p) => p.price?.dischargeKind ?? null),
  c("los_case", "text", (p) => p.price?.losCase ?? null),
  c("los_days", "int", (p) => p.price?.losDays ?? null),
  c("los_rate", "text", (p) => p.price?.losRate ?? null),
  c("base_rate_sen", "bigint", (p) => p.price?.baseRateSen ?? null),
  c("weight", "text", (p) => p.price?.weight ?? null),
  c("mean_los", "text", (p) => p.price?.meanLos ?? null),
  c("low_trim", "int", (p) => p.price?.lowTrim ?? null),
  c("high_trim", "int", (p) => p.price?.highTrim ?? null),
  c("base_payment_sen", "bigint", (p) => p.price?.basePaymentSen ?? null),
  c("los_adjustment_sen", "bigint", (p) => p.price?.losAdjustmentSen ?? null),
  c("transfer_payment_sen", "bigint", (p) => p.price?.transferPaymentSen ?? null),
  c("transfer_adjustment_sen", "bigint", (p) => p.price?.transferAdjustmentSen ?? null),
  c("total_charges_sen", "bigint", (p) => p.input.totalChargesSen),
  c("outlier_threshold_sen", "bigint", (p) => p.price?.outlierThresholdSen ?? null),
  c("outlier_marginal_rate", "text", (p) => p.price?.outlierMarginalRate ?? null),
  c("outlier_excess_sen", "bigint", (p) => p.price?.outlierExcessSen ?? null),
  c("outlier_payment_sen", "bigint", (p) => p.price?.outlierPaymentSen ?? null),
  c("total_sen", "bigint", (p) => p.totalSen),
  c("previous_total_sen", "bigint", (p) => p.previousTotalSen),
  c("delta_sen", "bigint", (p) => p.deltaSen),
  c("error_code", "text", (p) => p.errorCode ?? null),
  c("discharge_date", "date", (p) => p.input.dischargeDate),
  c("batch_id", "text", (p) => p.input.batchId),
  c("row_no", "int", (p) => p.input.rowNo),
];

const PRICE_INSERT = `insert into price (${PRICE_COLUMNS.map((col) => col.name).join(", ")})
  select * from unnest(${PRICE_COLUMNS.map((col, i) => `$${i + 1}::${col.type}[]`).join(", ")})
  on conflict (run_id, claim_id, version) do nothing`;

/** Appends the price rows of a chunk (a row already there for the same claim version and run stays). */
export async function appendPrices(tx: Queryable, priced: readonly PricedClaim[]): Promise<void> {
  if (priced.length === 0) return;
  await insertPriceRows(tx, priceRowParams(priced));
}

/** The parameters of {@link insertPriceRows}: built before a transaction, sent inside it. */
export function priceRowParams(priced: readonly PricedClaim[]): unknown[] {
  return PRICE_COLUMNS.map((col) => priced.map(col.of));
}

/** {@link appendPrices} with its parameters built beforehand (at least one row). */
export async function insertPriceRows(tx: Queryable, params: unknown[]): Promise<void> {
  await tx.query(PRICE_INSERT, params);
}

/**
 * Points each claim at its new price row. A row for an older claim version never replaces a newer
 * one (a late redelivery of an old chunk leaves the correction in force).
 */
export async function setCurrentPrices(tx: Queryable, all: readonly PricedClaim[]): Promise<void> {
  if (all.length === 0) return;
  await upsertCurrentPrices(tx, currentPriceParams(all));
}

/** The parameters of {@link upsertCurrentPrices}: built before a transaction, sent inside it. */
export function currentPriceParams(all: readonly PricedClaim[]): unknown[] {
  // A chunk can hold a claim and its correction (a file that resubmits a claim further down): one
  // upsert may touch a row only once, so only the latest version of each claim goes in.
  const latest = new Map<string, PricedClaim>();
  for (const p of all) {
    const seen = latest.get(p.input.claimId);
    if (!seen || seen.input.version < p.input.version) latest.set(p.input.claimId, p);
  }
  const priced = [...latest.values()];
  return [
    priced.map((p) => p.input.claimId),
    priced.map((p) => p.input.version),
    priced.map((p) => p.runId),
    priced.map((p) => p.totalSen),
    priced.map((p) => p.input.period),
  ];
}

/** {@link setCurrentPrices} with its parameters built beforehand (at least one claim). */
export async function upsertCurrentPrices(tx: Queryable, params: unknown[]): Promise<void> {
  await tx.query(
    `insert into price_current (claim_id, version, run_id, total_sen, period)
     select * from unnest($1::text[], $2::int[], $3::text[], $4::bigint[], $5::text[])
     on conflict (claim_id) do update set version = excluded.version, run_id = excluded.run_id,
       total_sen = excluded.total_sen, period = excluded.period
     where price_current.version <= excluded.version`,
    params,
  );
}

/** The current price of each of these claims, in sen. */
export async function loadCurrentTotals(q: Queryable, claimIds: readonly string[]): Promise<Map<string, number>> {
  const { rows } = await q.query<{ claim_id: string; total_sen: string | number }>(
    "select claim_id, total_sen from price_current where claim_id = any($1::text[])",
    [claimIds],
  );
  return new Map(rows.map((r) => [r.claim_id, Number(r.total_sen)]));
}

type InputRow = {
  claim_id: string; version: number; hospital_code: string; discharge_date: string | Date; period: string; drg: string; los: number;
  discharge_status: string; total_charges_sen: string | number | null; batch_id: string | null; row_no: number | null;
  current_total: string | number | null;
};

const isoDate = (d: string | Date): string => (typeof d === "string" ? d.slice(0, 10) : d.toISOString().slice(0, 10));

/**
 * The current claim versions of a period in a keyset range of claim ids (inclusive), with each claim's
 * price in force: one read per chunk of a period run. The inputs are those of the claim's current price
 * row (a price row carries what it was priced from), for claims whose current price is of the claim's
 * current version: a correction not yet priced waits for its own pricing.
 */
export async function loadPeriodSlice(
  q: Queryable,
  period: string,
  range: { firstClaimId: string; lastClaimId: string },
): Promise<{ inputs: PricingInput[]; previous: Map<string, number> }> {
  const { rows } = await q.query<InputRow>(
    `select p.claim_id, p.version, p.hospital_code, to_char(p.discharge_date, 'YYYY-MM-DD') as discharge_date, p.period, p.drg, p.los,
            p.discharge_status, p.total_charges_sen, p.batch_id, p.row_no, pc.total_sen as current_total
       from price_current pc
       join price p on p.run_id = pc.run_id and p.claim_id = pc.claim_id and p.version = pc.version
       join claim c on c.claim_id = pc.claim_id and c.current_version = pc.version
      where pc.period = $1 and pc.claim_id between $2 and $3
      order by pc.claim_id`,
    [period, range.firstClaimId, range.lastClaimId],
  );
  const previous = new Map<string, number>();
  const inputs = rows.map((r): PricingInput => {
    if (r.current_total !== null) previous.set(r.claim_id, Number(r.current_total));
    return {
      claimId: r.claim_id, version: Number(r.version), hospitalCode: r.hospital_code, dischargeDate: isoDate(r.discharge_date),
      period: r.period, drg: r.drg, los: Number(r.los), dischargeStatus: r.discharge_status,
      totalChargesSen: r.total_charges_sen === null ? null : Number(r.total_charges_sen), batchId: r.batch_id,
      rowNo: r.row_no === null ? null : Number(r.row_no),
    };
  });
  return { inputs, previous };
}
