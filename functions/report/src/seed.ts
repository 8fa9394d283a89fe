import type { Queryable } from "@casemix/db";

/**
 * Seeds priced claims straight into the tables report reads (claim, grouping, price, price_current,
 * outlier_decision), for tests and the benchmark. Deterministic in the row number.
 */
export type SeedPeriodOptions = { period: string; runId: string; claims: number; hospitals: number; drgs?: number; from?: number };

export const SEED_DEFINITION_ID = "cfg_report-seed";

/**
 * `claims` priced claims of one period over `hospitals` hospitals (H001...) and `drgs` DRGs (D001...,
 * MDC = DRG number mod 23 + 1); about 2% flagged and under review. Inserted in slices of 100k rows,
 * one statement per table per slice, so a million-claim seed stays within memory.
 */
export async function seedPricedPeriod(db: Queryable, o: SeedPeriodOptions): Promise<void> {
  await db.query(
    // A stand-in the groupings can reference, in force on one day of 2000 only: the real definition
    // in force over the period (the demo, when seeded) is what the report takes its MDC titles from.
    `INSERT INTO config_version (id, kind, label, effective_from, effective_to, status, content, sha256, published_at)
     VALUES ($1, 'definition', 'report seed', '2000-01-01', '2000-01-02', 'published', '{}'::jsonb, repeat('0', 64), now()) ON CONFLICT DO NOTHING`,
    [SEED_DEFINITION_ID],
  );
  const drgs = o.drgs ?? 120;
  const start = o.from ?? 1;
  for (let lo = start; lo < start + o.claims; lo += 100_000) {
    const hi = Math.min(start + o.claims - 1, lo + 99_999);
    const keys = `FROM generate_series($1::int, $2::int) AS i,
      LATERAL (SELECT 'clm_' || replace($3::text, '-', '') || '_' || i AS claim_id, 'H' || lpad((1 + i % $4::int)::text, 3, '0') AS hospital,
                      (1 + (i::bigint * 7919) % $5::int)::int AS d) k`;
    const args = [lo, hi, o.period, o.hospitals, drgs];
    const q = (sql: string, extra: unknown[] = []) => db.query(sql, [...args, ...extra]);
    await q(`INSERT INTO claim (claim_id, hospital_code, claim_number, current_version, content_hash, batch_id, row_no, period)
             SELECT claim_id, hospital, 'N' || i, 1, md5(claim_id), 'bat_seed', i, $3 ${keys}`);
    // The rows as submitted (claim number, discharge date, patient pseudonym), which curated v2 carries.
    await db.query("INSERT INTO batch (id, hospital_code, channel, status) VALUES ('bat_seed', 'H001', 'upload', 'completed') ON CONFLICT DO NOTHING");
    await q(`INSERT INTO claim_row (batch_id, row_no, chunk_id, hospital_code, claim_number, claim_id, version, patient_pseudo, discharge_date, period, state)
             SELECT 'bat_seed', i, 'chk_seed', hospital, 'N' || i, claim_id, 1, md5('patient' || (i % 997)), ($3 || '-' || lpad((1 + i % 28)::text, 2, '0'))::date, $3, 'final' ${keys}`);
    await q(`INSERT INTO grouping (claim_id, version, definition_version_id, batch_id, row_no, mdc, adrg, drg, status, reason)
             SELECT claim_id, 1, $6, 'bat_seed', i, lpad((d % 23 + 1)::text, 2, '0'), 'A' || d, 'D' || lpad(d::text, 3, '0'), 'grouped', 'seed' ${keys}`,
      [SEED_DEFINITION_ID]);
    await q(`INSERT INTO price (claim_id, version, run_id, period, hospital_code, tariff_version_id, drg, los, discharge_status, weight, total_sen, delta_sen, batch_id, row_no)
             SELECT claim_id, 1, $6, $3, hospital, 'synthetic@1', 'D' || lpad(d::text, 3, '0'), i % 13, 'home',
                    to_char(0.3 + (d % 37) * 0.1375, 'FM990.0000'), t, t, 'bat_seed', i
             FROM (SELECT k.*, i, (round((0.3 + (d % 37) * 0.1375) * 452000) + (i % 97) * 100)::bigint AS t ${keys}) s`,
      [o.runId]);
    await q(`INSERT INTO price_current (claim_id, version, run_id, total_sen, period)
             SELECT claim_id, 1, $6, (round((0.3 + (d % 37) * 0.1375) * 452000) + (i % 97) * 100)::bigint, $3 ${keys}`, [o.runId]);
    await q(`INSERT INTO outlier_decision (claim_id, version, run_id, batch_id, chunk_id, row_no, event_id, hospital_code, period, tariff_version_id, inputs, checks, flags, flagged)
             SELECT claim_id, 1, '', 'bat_seed', 'chk_seed', i, 'evt_seed', hospital, $3, 'synthetic@1', '{}', '[]',
                    CASE WHEN i % 50 = 0 THEN '[{"kind":"los-high"}]'::json ELSE '[]'::json END, i % 50 = 0 ${keys}`);
  }
}

/** The same claims as plain facts, read independently of facts.ts, for cross-checks with the pure aggregation. */
export async function readFacts(db: Queryable, period: string) {
  const { rows } = await db.query<{ hospital_code: string; mdc: string; drg: string; weight: string; los: number; total_sen: string; flagged: boolean }>(
    `SELECT p.hospital_code, g.mdc, p.drg, p.weight, p.los, p.total_sen::text,
            EXISTS (SELECT 1 FROM outlier_decision d WHERE d.claim_id = p.claim_id AND d.flagged) AS flagged
     FROM price_current pc JOIN price p USING (claim_id, version, run_id) JOIN grouping g ON g.claim_id = p.claim_id WHERE pc.period = $1`,
    [period],
  );
  return rows.map((r) => ({ period, hospitalCode: r.hospital_code, mdc: r.mdc, drg: r.drg, weight: r.weight, los: Number(r.los), paymentSen: BigInt(r.total_sen), flagged: r.flagged }));
}
