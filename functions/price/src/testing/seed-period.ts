import type { Queryable } from "@casemix/db";
import type { Hospital, Tariff } from "@casemix/pricing";
import { daysOfPeriod } from "../pricing-config.ts";

/**
 * Seeds priced claims of one period straight into `claim`, `price` and `price_current` (no intake,
 * validate, dedupe, group or price), for month-end tests and benchmarks: each claim has a price row of
 * run `run_seed_<prefix>` with its pricing inputs and a total of 0 sen (error code E_SEEDED), which
 * month-end reprices. Deterministic per seed: the same call seeds the same claims. Inserts 10,000
 * claims per statement.
 */
export type SeedPeriodOptions = {
  period: string;
  count: number;
  hospitals: readonly Hospital[];
  drgs: readonly string[];
  seed?: number;
  /** Prefix of claim ids, so two seeds do not collide. */
  prefix?: string;
  batchId?: string;
};

/** mulberry32: a small seeded generator (tests need repeatable data, not good randomness). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type SeededClaim = {
  claimId: string; hospitalCode: string; dischargeDate: string; admissionDate: string; drg: string; los: number;
  dischargeStatus: string; totalChargesSen: number;
};

/** The claims a seed produces, without touching the database. */
export function seededClaims(o: SeedPeriodOptions): SeededClaim[] {
  const next = random(o.seed ?? 1);
  const days = daysOfPeriod(o.period);
  const statuses = ["1", "1", "1", "1", "1", "1", "2", "5", "4", "9"];
  const out: SeededClaim[] = new Array(o.count);
  for (let i = 0; i < o.count; i++) {
    const dischargeDate = days[Math.floor(next() * days.length)];
    const los = Math.floor(next() * next() * 40);
    const admission = new Date(Date.parse(`${dischargeDate}T00:00:00Z`) - los * 86_400_000).toISOString().slice(0, 10);
    out[i] = {
      claimId: `clm_${o.prefix ?? "s"}${String(i).padStart(8, "0")}`,
      hospitalCode: o.hospitals[Math.floor(next() * o.hospitals.length)].code,
      dischargeDate,
      admissionDate: admission,
      drg: o.drgs[Math.floor(next() * o.drgs.length)],
      los,
      dischargeStatus: statuses[Math.floor(next() * statuses.length)],
      // Mostly modest charges, a few large enough to be cost outliers.
      totalChargesSen: Math.floor(next() < 0.03 ? 3_000_000 + next() * 20_000_000 : next() * 2_000_000),
    };
  }
  return out;
}

/** Seeds the claims and returns them. */
export async function seedPeriod(q: Queryable, o: SeedPeriodOptions): Promise<SeededClaim[]> {
  const claims = seededClaims(o);
  const batchId = o.batchId ?? `bat_seed_${o.prefix ?? "s"}`;
  const runId = `run_seed_${o.prefix ?? "s"}`;
  for (let from = 0; from < claims.length; from += 10_000) {
    const part = claims.slice(from, from + 10_000);
    const rowNos = part.map((_, i) => from + i + 1);
    await q.query(
      `insert into claim (claim_id, hospital_code, claim_number, current_version, content_hash, batch_id, row_no, admission_date, discharge_date, period)
       select c, h, c, 1, 'seed', $5, r, a::date, d::date, $6
         from unnest($1::text[], $2::text[], $3::text[], $4::text[], $7::int[]) as t(c, h, a, d, r)`,
      [part.map((c) => c.claimId), part.map((c) => c.hospitalCode), part.map((c) => c.admissionDate), part.map((c) => c.dischargeDate), batchId, o.period, rowNos],
    );
    await q.query(
      `insert into price (claim_id, version, run_id, period, hospital_code, tariff_version_id, drg, los, discharge_status, total_charges_sen,
                          total_sen, delta_sen, error_code, discharge_date, batch_id, row_no)
       select c, 1, $8, $9, h, 'seed', g, l, s, x, 0, 0, 'E_SEEDED', d::date, $10, r
         from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::bigint[], $11::int[]) as t(c, h, d, g, l, s, x, r)`,
      [part.map((c) => c.claimId), part.map((c) => c.hospitalCode), part.map((c) => c.dischargeDate), part.map((c) => c.drg), part.map((c) => c.los),
        part.map((c) => c.dischargeStatus), part.map((c) => c.totalChargesSen), runId, o.period, batchId, rowNos],
    );
    await q.query(
      `insert into price_current (claim_id, version, run_id, total_sen, period) select c, 1, $2, 0, $3 from unnest($1::text[]) as c`,
      [part.map((c) => c.claimId), runId, o.period],
    );
  }
  return claims;
}

/** A tariff version 2: one hospital class's base rates (every region) and one DRG's weight changed. */
export function tariffVersion2(v1: Tariff, change: { hospitalClass: string; baseRatePermille: number; drg: string; weight: string }): Tariff {
  return {
    ...v1,
    version: v1.version + 1,
    baseRates: v1.baseRates.map((r) =>
      r.hospitalClass === change.hospitalClass ? { ...r, baseRateSen: Math.round((r.baseRateSen * change.baseRatePermille) / 1000) } : r,
    ),
    drgs: v1.drgs.map((d) => (d.drg === change.drg ? { ...d, weight: change.weight } : d)),
  };
}
