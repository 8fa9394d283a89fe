import type { Queryable } from "@casemix/db";
import { transient } from "@casemix/runtime";
import type { Decision } from "./decide.ts";

type Upsert = Extract<Decision, { kind: "new" | "correction" }>;

/**
 * Writes a chunk's decisions in its transaction: the claim table (one INSERT ... ON CONFLICT per
 * round; a claim repeated inside the chunk needs a second round, since one statement may not touch
 * a row twice), the chunk's claim rows (one UPDATE, which also records validate's state, dates and
 * period of the valid rows), and the superseded earlier versions (one UPDATE).
 * Each upsert only applies when the claim is still at the version the decision was made against;
 * a shortfall means another chunk got there first, and the whole transaction is retried.
 */
export async function applyDecisions(tx: Queryable, batchId: string, decisions: Decision[], probable: Map<number, string>): Promise<void> {
  const upserts = decisions.filter((d): d is Upsert => d.kind !== "duplicate");
  for (const round of rounds(upserts)) await upsertClaims(tx, batchId, round);
  await updateRows(tx, batchId, decisions, probable);
  const superseded = upserts.filter((d): d is Extract<Decision, { kind: "correction" }> => d.kind === "correction");
  if (superseded.length > 0) {
    await tx.query(
      `UPDATE claim_row c SET state = 'superseded'
       FROM unnest($1::text[], $2::int[]) AS t(batch_id, row_no)
       WHERE c.batch_id = t.batch_id AND c.row_no = t.row_no AND c.state IN ('validated', 'grouped', 'priced')`,
      [superseded.map((d) => d.previous.batchId), superseded.map((d) => d.previous.rowNo)],
    );
  }
}

function rounds(upserts: Upsert[]): Upsert[][] {
  const out: Upsert[][] = [];
  const seen = new Map<string, number>();
  for (const d of upserts) {
    const n = seen.get(d.c.claimId) ?? 0;
    seen.set(d.c.claimId, n + 1);
    (out[n] ??= []).push(d);
  }
  return out;
}

async function upsertClaims(tx: Queryable, batchId: string, round: Upsert[]): Promise<void> {
  const { rows } = await tx.query(
    `INSERT INTO claim AS c (claim_id, hospital_code, claim_number, current_version, content_hash, batch_id, row_no, patient_pseudo, admission_date, discharge_date, period, state)
     SELECT t.claim_id, t.hospital_code, t.claim_number, t.version, t.content_hash, $1, t.row_no, t.patient_pseudo, t.admission_date, t.discharge_date, t.period, 'validated'
     FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::int[], $8::text[], $9::date[], $10::date[], $11::text[])
       AS t(claim_id, hospital_code, claim_number, version, content_hash, row_no, patient_pseudo, admission_date, discharge_date, period)
     ON CONFLICT (claim_id) DO UPDATE SET
       current_version = EXCLUDED.current_version, content_hash = EXCLUDED.content_hash, batch_id = EXCLUDED.batch_id,
       row_no = EXCLUDED.row_no, patient_pseudo = EXCLUDED.patient_pseudo, admission_date = EXCLUDED.admission_date,
       discharge_date = EXCLUDED.discharge_date, period = EXCLUDED.period, state = 'validated', updated_at = now()
     WHERE c.current_version = EXCLUDED.current_version - 1 AND c.content_hash <> EXCLUDED.content_hash
     RETURNING c.claim_id`,
    [
      batchId,
      round.map((d) => d.c.claimId), round.map((d) => d.c.hospitalCode), round.map((d) => d.c.claimNumber), round.map((d) => d.version),
      round.map((d) => d.c.contentHash), round.map((d) => d.c.rowNo), round.map((d) => d.c.patientPseudo || null),
      round.map((d) => d.c.admissionDate), round.map((d) => d.c.dischargeDate), round.map((d) => d.c.period),
    ],
  );
  if (rows.length !== round.length) {
    throw transient("E_DEDUPE_RACE", `${round.length - rows.length} of ${round.length} claims changed since they were read (another copy arrived at once); retrying`);
  }
}

async function updateRows(tx: Queryable, batchId: string, decisions: Decision[], probable: Map<number, string>): Promise<void> {
  const errors = decisions.map((d) =>
    d.kind === "duplicate"
      ? JSON.stringify([{ code: "E_DUPLICATE", field: "claimNumber", message: `exact resubmission of claim ${d.c.claimNumber} version ${d.of.version} (batch ${d.of.batchId}, row ${d.of.rowNo}); not counted again` }])
      : null,
  );
  const flags = decisions.map((d) => {
    const other = probable.get(d.c.rowNo);
    return other ? JSON.stringify([{ code: "W_PROBABLE_DUPLICATE", field: "patientId", message: `same patient and hospital with an overlapping stay as claim ${other}; held for review`, claimId: other }]) : null;
  });
  if (decisions.length === 0) return;
  const rowNos = decisions.map((d) => d.c.rowNo);
  // validate leaves valid rows 'received' (it writes only rejected ones): this one statement records
  // what validate found (state, dates, period) together with dedupe's decision. The row_no range (a
  // chunk's rows are consecutive) makes the planner read the chunk's rows by the primary key; without
  // it, it hashed every row of the batch for each chunk (quadratic in the batch: ~3x slower at 1M).
  await tx.query(
    `UPDATE claim_row c SET claim_id = t.claim_id, version = t.version,
       state = CASE WHEN t.duplicate THEN 'duplicate' WHEN c.state = 'received' THEN 'validated' ELSE c.state END,
       errors = COALESCE(t.errors::jsonb, c.errors), flags = t.flags::jsonb,
       admission_date = t.admission_date, discharge_date = t.discharge_date, period = t.period
     FROM unnest($2::int[], $3::text[], $4::int[], $5::boolean[], $6::text[], $7::text[], $8::date[], $9::date[], $10::text[])
       AS t(row_no, claim_id, version, duplicate, errors, flags, admission_date, discharge_date, period)
     WHERE c.batch_id = $1 AND c.row_no = t.row_no AND c.row_no BETWEEN $11 AND $12`,
    [
      batchId, rowNos, decisions.map((d) => d.c.claimId),
      decisions.map((d) => (d.kind === "duplicate" ? d.of.version : d.version)), decisions.map((d) => d.kind === "duplicate"), errors, flags,
      decisions.map((d) => d.c.admissionDate), decisions.map((d) => d.c.dischargeDate), decisions.map((d) => d.c.period),
      rowNos.reduce((a, b) => Math.min(a, b), Infinity), rowNos.reduce((a, b) => Math.max(a, b), -Infinity),
    ],
  );
}
