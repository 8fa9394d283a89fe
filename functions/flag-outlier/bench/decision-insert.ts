/**
 * The outlier_decision INSERT of one 10,000-claim chunk in three shapes, alternately, on PGlite with
 * the migrations applied. Into a copy of the table with jsonb documents (the columns' type before
 * 0660): one JSON document through jsonb_to_recordset (write.ts's shape before 0660), and parallel
 * arrays with jsonb[] through unnest. Into outlier_decision itself (json documents): parallel arrays
 * with the documents as text[] cast to json (write.ts's shape since 0660). Rows are shaped like
 * flag-outlier's (inputs, checks, flags documents).
 *
 *   npx node functions/flag-outlier/bench/decision-insert.ts [rounds=5] [rows=10000]
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPgliteWorkerDb, migrate } from "@casemix/db";

const rounds = Number(process.argv[2] ?? 5);
const n = Number(process.argv[3] ?? 10_000);
const dir = await mkdtemp(join(tmpdir(), "casemix-decision-bench-"));
const db = await createPgliteWorkerDb({ dataDir: join(dir, "pglite") });
try {
  await migrate(db);
  await db.query("CREATE TABLE decision_jsonb (LIKE outlier_decision INCLUDING ALL)");
  await db.query("ALTER TABLE decision_jsonb ALTER inputs TYPE jsonb, ALTER checks TYPE jsonb, ALTER flags TYPE jsonb");
  const rows = (run: string) => Array.from({ length: n }, (_, i) => ({
    claim_id: `clm_${run}_${i.toString(36).padStart(8, "0")}`, version: 1, row_no: i + 1, hospital_code: `H${i % 40}`, period: "2026-09",
    baseline_id: "bl_2026", tariff_version_id: "tv_2026",
    inputs: { drg: "I-4-10-II", hospitalClass: "A", los: 3 + (i % 9), ageYears: 40 + (i % 50), sex: i % 2 ? "M" : "F", diagnoses: 3, procedures: 1, totalSen: String(1_000_000 + i), meanLos: "4.2", lowTrim: 1, highTrim: 14 },
    checks: [{ check: "los", outcome: "inside", value: 3, low: 1, high: 14 }, { check: "cost", outcome: "inside", value: 1_000_000 + i, threshold: 4_000_000 }, { check: "clinical", outcome: "pass" }],
    flags: i % 50 === 0 ? [{ kind: "cost", reason: "charges above the threshold", baselineId: "bl_2026" }] : [],
    flagged: i % 50 === 0,
  }));
  const json = async (run: string, d: ReturnType<typeof rows>) => db.query(
    `INSERT INTO decision_jsonb (claim_id, version, run_id, batch_id, chunk_id, row_no, event_id, hospital_code, period, baseline_id, tariff_version_id, inputs, checks, flags, flagged)
     SELECT d.claim_id, d.version, $1, 'b', 'c', d.row_no, 'e', d.hospital_code, d.period, d.baseline_id, d.tariff_version_id, d.inputs, d.checks, d.flags, d.flagged
     FROM jsonb_to_recordset($2::jsonb) AS d(claim_id text, version int, row_no int, hospital_code text, period text, baseline_id text, tariff_version_id text, inputs jsonb, checks jsonb, flags jsonb, flagged boolean)
     ON CONFLICT DO NOTHING`, [run, JSON.stringify(d)]);
  // Parallel arrays, the documents as JSON text (both unnest shapes take the same parameters).
  const arrayParams = (run: string, d: ReturnType<typeof rows>) => [
    run, d.map((x) => x.claim_id), d.map((x) => x.version), d.map((x) => x.row_no), d.map((x) => x.hospital_code), d.map((x) => x.period), d.map((x) => x.baseline_id),
    d.map((x) => x.tariff_version_id), d.map((x) => JSON.stringify(x.inputs)), d.map((x) => JSON.stringify(x.checks)), d.map((x) => JSON.stringify(x.flags)), d.map((x) => x.flagged),
  ];
  const arrays = async (run: string, d: ReturnType<typeof rows>) => db.query(
    `INSERT INTO decision_jsonb (claim_id, version, run_id, batch_id, chunk_id, row_no, event_id, hospital_code, period, baseline_id, tariff_version_id, inputs, checks, flags, flagged)
     SELECT d.claim_id, d.version, $1, 'b', 'c', d.row_no, 'e', d.hospital_code, d.period, d.baseline_id, d.tariff_version_id, d.inputs, d.checks, d.flags, d.flagged
     FROM unnest($2::text[], $3::int[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::jsonb[], $10::jsonb[], $11::jsonb[], $12::boolean[])
       AS d(claim_id, version, row_no, hospital_code, period, baseline_id, tariff_version_id, inputs, checks, flags, flagged)
     ON CONFLICT DO NOTHING`,
    arrayParams(run, d));
  // The documents as text[] (sent in binary) cast to json.
  const jsonText = async (run: string, d: ReturnType<typeof rows>) => db.query(
    `INSERT INTO outlier_decision (claim_id, version, run_id, batch_id, chunk_id, row_no, event_id, hospital_code, period, baseline_id, tariff_version_id, inputs, checks, flags, flagged)
     SELECT d.claim_id, d.version, $1, 'b', 'c', d.row_no, 'e', d.hospital_code, d.period, d.baseline_id, d.tariff_version_id, d.inputs::json, d.checks::json, d.flags::json, d.flagged
     FROM unnest($2::text[], $3::int[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::boolean[])
       AS d(claim_id, version, row_no, hospital_code, period, baseline_id, tariff_version_id, inputs, checks, flags, flagged)
     ON CONFLICT DO NOTHING`,
    arrayParams(run, d));
  const times: Record<string, number[]> = { json: [], arrays: [], jsonText: [] };
  for (let r = 0; r < rounds; r++) {
    for (const [name, insert] of [["json", json], ["arrays", arrays], ["jsonText", jsonText]] as const) {
      const run = `${name}${r}`;
      const d = rows(run);
      const t = performance.now();
      await insert(run, d);
      times[name].push(performance.now() - t);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const [name, xs] of Object.entries(times)) console.log(`${name.padEnd(7)} median ${median(xs).toFixed(0)} ms per ${n} rows (${xs.map((x) => x.toFixed(0)).join(", ")})`);
  console.log(`arrays/json: ${(median(times.arrays) / median(times.json)).toFixed(2)}; jsonText/json: ${(median(times.jsonText) / median(times.json)).toFixed(2)}`);
} finally {
  await db.close();
  await rm(dir, { recursive: true, force: true });
}
