/**
 * The per-chunk database statements of intake + validate + dedupe on PGlite alone (no parsing, no
 * parquet), chunk after chunk, to see where PGlite's time goes and what a schema or statement change
 * buys. Prints ms per statement per chunk.
 *
 *   npx node functions/dedupe/bench/db-statements.ts [claims=200000] [variant=current]
 *
 * variants: `before` (the statements as they were before 2026-11-28: validate and dedupe each update
 * every row, joins planned over the whole table), `after` (validate's update of valid rows folded into
 * dedupe's, row_no ranges, the LATERAL probable-duplicate probe), either with `+memory` (no data
 * folder), `+relaxed` (relaxedDurability) or `+textarrays` (array parameters as text literals, as
 * before binary-arrays.ts). BENCH_SQL="stmt;stmt" runs statements after migrating.
 *
 * Both variants are the shapes of 2026-11-28. Since c3d0bcf intake writes no claim row and dedupe
 * inserts each valid row once (functions/dedupe/src/write-decisions.ts), so `after` no longer mirrors
 * the code; it stays to reproduce the figures in functions/intake/README.md, on the migrations before
 * 0650 (which dropped claim.state).
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPgliteDb, loadMigrations, migrate, type Queryable } from "@casemix/db";

const claims = Number(process.argv[2] ?? 200_000);
const variant = process.argv[3] ?? "after";
const after = variant.startsWith("after");
const chunkSize = 10_000;
const dir = await mkdtemp(join(tmpdir(), "casemix-db-bench-"));
const db = await createPgliteDb({ dataDir: variant.includes("+memory") ? undefined : join(dir, "pg"), relaxedDurability: variant.includes("+relaxed"), binaryArrays: !variant.includes("+textarrays") });
// The schema of those days: claim lost its state column in 0650.
await migrate(db, (await loadMigrations()).filter((m) => m.version < 650));
for (const sql of (process.env.BENCH_SQL ?? "").split(";").filter((s) => s.trim())) await db.query(sql);
const hex = (s: string) => createHash("sha256").update(s).digest("hex");
const times = new Map<string, number>();
const timed = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
  const t = performance.now();
  try { return await f(); } finally { times.set(name, (times.get(name) ?? 0) + performance.now() - t); }
};
const batchId = "bat_bench";
await db.query("INSERT INTO batch (id, hospital_code, channel) VALUES ($1, 'H10-DEC915', 'upload')", [batchId]);
const t0 = performance.now();
for (let start = 1; start <= claims; start += chunkSize) {
  const n = Math.min(chunkSize, claims - start + 1);
  const rowNo = Array.from({ length: n }, (_, i) => start + i);
  const claimNumber = rowNo.map((r) => `C${r}`);
  const claimId = claimNumber.map((c) => `clm_${hex(`H10-DEC915\u0000${c}`).slice(0, 32)}`);
  const contentHash = rowNo.map(() => randomBytes(32).toString("hex"));
  const patient = rowNo.map((r) => hex(`p${r % (claims / 2)}`));
  const adm = rowNo.map((r) => `2026-0${1 + (r % 9)}-0${1 + (r % 9)}`);
  const dis = rowNo.map((r) => `2026-0${1 + (r % 9)}-1${r % 9}`);
  const period = rowNo.map((r) => `2026-0${1 + (r % 9)}`);
  const hosp = rowNo.map(() => "H10-DEC915");
  const chunkId = `chk_bench-${start}`;
  await timed("intake insert claim_row", () => db.transaction((tx) => tx.query(
    `INSERT INTO claim_row (batch_id, row_no, chunk_id, hospital_code, claim_number, content_hash, patient_pseudo, state)
     SELECT $1, t.row_no, $2, t.hospital_code, t.claim_number, t.content_hash, t.patient_pseudo, 'received'
     FROM unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::text[]) AS t(row_no, hospital_code, claim_number, content_hash, patient_pseudo)
     ON CONFLICT (batch_id, row_no) DO NOTHING`, [batchId, chunkId, rowNo, hosp, claimNumber, contentHash, patient])));
  if (!after) {
    await timed("validate update claim_row", () => db.transaction((tx) => tx.query(
      `UPDATE claim_row c SET state = t.state, errors = t.errors::jsonb, admission_date = t.admission_date::date, discharge_date = t.discharge_date::date, period = t.period
       FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS t(row_no, state, errors, admission_date, discharge_date, period)
       WHERE c.batch_id = $1 AND c.row_no = t.row_no AND c.state = 'received'`,
      [batchId, rowNo, rowNo.map(() => "validated"), rowNo.map(() => null), adm, dis, period])));
  }
  await timed("dedupe select current", () => db.query("SELECT claim_id, current_version, content_hash, batch_id, row_no, state FROM claim WHERE claim_id = ANY($1::text[])", [claimId]));
  await timed("dedupe select probable", () => db.query(after ? `SELECT t.row_no, o.claim_id AS other
     FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::date[], $6::date[]) AS t(row_no, claim_id, hospital_code, patient_pseudo, admission_date, discharge_date)
     CROSS JOIN LATERAL (
       SELECT c.claim_id FROM claim c
       WHERE c.patient_pseudo = t.patient_pseudo AND c.hospital_code = t.hospital_code AND c.claim_id <> t.claim_id
         AND c.state NOT IN ('rejected', 'duplicate', 'superseded')
         AND ((c.admission_date < t.discharge_date AND t.admission_date < c.discharge_date) OR c.admission_date = t.admission_date)
       ORDER BY c.claim_id LIMIT 1) o` :
    `SELECT DISTINCT ON (t.row_no) t.row_no, c.claim_id AS other
     FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::date[], $6::date[]) AS t(row_no, claim_id, hospital_code, patient_pseudo, admission_date, discharge_date)
     JOIN claim c ON c.patient_pseudo = t.patient_pseudo AND c.hospital_code = t.hospital_code AND c.claim_id <> t.claim_id
       AND c.state NOT IN ('rejected', 'duplicate', 'superseded')
       AND ((c.admission_date < t.discharge_date AND t.admission_date < c.discharge_date) OR c.admission_date = t.admission_date)
     ORDER BY t.row_no, c.claim_id`, [rowNo, claimId, hosp, patient, adm, dis]));
  await db.transaction(async (tx: Queryable) => {
    await timed("dedupe upsert claim", () => tx.query(
      `INSERT INTO claim AS c (claim_id, hospital_code, claim_number, current_version, content_hash, batch_id, row_no, patient_pseudo, admission_date, discharge_date, period, state)
       SELECT t.claim_id, t.hospital_code, t.claim_number, t.version, t.content_hash, $1, t.row_no, t.patient_pseudo, t.admission_date, t.discharge_date, t.period, 'validated'
       FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::int[], $8::text[], $9::date[], $10::date[], $11::text[])
         AS t(claim_id, hospital_code, claim_number, version, content_hash, row_no, patient_pseudo, admission_date, discharge_date, period)
       ON CONFLICT (claim_id) DO UPDATE SET current_version = EXCLUDED.current_version
       WHERE c.current_version = EXCLUDED.current_version - 1 AND c.content_hash <> EXCLUDED.content_hash
       RETURNING c.claim_id`, [batchId, claimId, hosp, claimNumber, rowNo.map(() => 1), contentHash, rowNo, patient, adm, dis, period]));
    if (after) {
      await timed("dedupe update claim_row", () => tx.query(
        `UPDATE claim_row c SET claim_id = t.claim_id, version = t.version,
           state = CASE WHEN t.duplicate THEN 'duplicate' WHEN c.state = 'received' THEN 'validated' ELSE c.state END,
           errors = COALESCE(t.errors::jsonb, c.errors), flags = t.flags::jsonb,
           admission_date = t.admission_date, discharge_date = t.discharge_date, period = t.period
         FROM unnest($2::int[], $3::text[], $4::int[], $5::boolean[], $6::text[], $7::text[], $8::date[], $9::date[], $10::text[])
           AS t(row_no, claim_id, version, duplicate, errors, flags, admission_date, discharge_date, period)
         WHERE c.batch_id = $1 AND c.row_no = t.row_no AND c.row_no BETWEEN $11 AND $12`,
        [batchId, rowNo, claimId, rowNo.map(() => 1), rowNo.map(() => false), rowNo.map(() => null), rowNo.map(() => null), adm, dis, period, rowNo[0], rowNo.at(-1)]));
    } else {
      await timed("dedupe update claim_row", () => tx.query(
        `UPDATE claim_row c SET claim_id = t.claim_id, version = t.version,
           state = CASE WHEN t.duplicate THEN 'duplicate' ELSE c.state END,
           errors = COALESCE(t.errors::jsonb, c.errors), flags = t.flags::jsonb
         FROM unnest($2::int[], $3::text[], $4::int[], $5::boolean[], $6::text[], $7::text[]) AS t(row_no, claim_id, version, duplicate, errors, flags)
         WHERE c.batch_id = $1 AND c.row_no = t.row_no`,
        [batchId, rowNo, claimId, rowNo.map(() => 1), rowNo.map(() => false), rowNo.map(() => null), rowNo.map(() => null)]));
    }
  });
}
const total = performance.now() - t0;
const chunks = Math.ceil(claims / chunkSize);
console.log(JSON.stringify({ claims, variant, sql: process.env.BENCH_SQL ?? "", seconds: +(total / 1000).toFixed(1), claimsPerSecond: Math.round(claims / (total / 1000)), cpuSeconds: +((process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1e6).toFixed(1), peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));
console.log("arrayBuffersMiB", Math.round(process.memoryUsage().arrayBuffers / 2 ** 20));
for (const [k, ms] of times) console.log(`  ${(ms / chunks).toFixed(0).padStart(5)} ms/chunk  ${k}`);
await db.close();
await rm(dir, { recursive: true, force: true });
