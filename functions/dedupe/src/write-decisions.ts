import type { Queryable } from "@casemix/db";
import { transient } from "@casemix/runtime";
import type { Decision } from "./decide.ts";

type New = Extract<Decision, { kind: "new" }>;
type Correction = Extract<Decision, { kind: "correction" }>;

/**
 * The write of a chunk's decisions in its transaction: the new claims (one INSERT), the corrected ones (one
 * UPDATE per round: a claim corrected twice inside the chunk needs a second round, since one statement
 * may not touch a row twice), the chunk's valid rows (one INSERT: each row is written once, with
 * validate's dates and period and dedupe's decision) and the superseded earlier versions (one UPDATE):
 * a version still on its way, or one already final or under review (a correction of a paid claim,
 * which price puts into an adjustment run when its period is closed), becomes superseded.
 * The claim table is written before claim_row, the order every writer takes them in (no deadlock).
 * A new claim that another chunk inserted meanwhile (a unique violation), or a correction whose claim
 * is no longer at the version it was decided against, means another chunk got there first: the whole
 * transaction is retried, and the retry decides again from what that chunk wrote.
 */
export function decisionsWriter(chunk: { batchId: string; chunkId: string }, decisions: Decision[], probable: Map<number, string>): (tx: Queryable) => Promise<void> {
  // The parameters are built now, before the transaction: the write only sends them, so the connection
  // does not wait inside the transaction while this thread builds them.
  const news = decisions.filter((d): d is New => d.kind === "new");
  const newParams = newClaimParams(chunk.batchId, news);
  const corrections = decisions.filter((d): d is Correction => d.kind === "correction");
  const roundParams = rounds(corrections).map((round) => ({ count: round.length, params: correctionParams(chunk.batchId, round) }));
  const rowParams = decisions.length === 0 ? undefined : claimRowParams(chunk, decisions, probable);
  const supersededParams = [corrections.map((d) => d.previous.batchId), corrections.map((d) => d.previous.rowNo)];
  // Every statement is sent at once, in this order (they run back to back, with no round trip between
  // them) and awaited together: the first failure fails the whole, and the transaction is rolled back.
  return async (tx) => {
    const sent: Promise<unknown>[] = [];
    if (news.length > 0) sent.push(insertNewClaims(tx, newParams));
    for (const round of roundParams) sent.push(updateCorrectedClaims(tx, round.count, round.params));
    if (rowParams) sent.push(insertRows(tx, rowParams));
    if (corrections.length > 0) {
      sent.push(tx.query(
        `UPDATE claim_row c SET state = 'superseded'
         FROM unnest($1::text[], $2::int[]) AS t(batch_id, row_no)
         WHERE c.batch_id = t.batch_id AND c.row_no = t.row_no AND c.state IN ('validated', 'grouped', 'final', 'under_review')`,
        supersededParams,
      ));
    }
    await Promise.all(sent);
  };
}

function rounds(corrections: Correction[]): Correction[][] {
  const out: Correction[][] = [];
  const seen = new Map<string, number>();
  for (const d of corrections) {
    const n = seen.get(d.c.claimId) ?? 0;
    seen.set(d.c.claimId, n + 1);
    (out[n] ??= []).push(d);
  }
  return out;
}

const RACE = "another copy of these claims arrived at once; retrying";

/** A plain INSERT: dedupe read these claims as absent, so no conflict is expected (and none is arbitrated). */
function newClaimParams(batchId: string, news: New[]): unknown[] {
  return [
    batchId, news.map((d) => d.c.claimId), news.map((d) => d.c.hospitalCode), news.map((d) => d.c.claimNumber), news.map((d) => d.c.contentHash),
    news.map((d) => d.c.rowNo), news.map((d) => d.c.patientPseudo || null), news.map((d) => d.c.admissionDate), news.map((d) => d.c.dischargeDate),
    news.map((d) => d.c.period),
  ];
}

async function insertNewClaims(tx: Queryable, params: unknown[]): Promise<void> {
  try {
    await tx.query(
      `INSERT INTO claim (claim_id, hospital_code, claim_number, current_version, content_hash, batch_id, row_no, patient_pseudo, admission_date, discharge_date, period)
       SELECT t.claim_id, t.hospital_code, t.claim_number, 1, t.content_hash, $1, t.row_no, t.patient_pseudo, t.admission_date, t.discharge_date, t.period
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::date[], $9::date[], $10::text[])
         AS t(claim_id, hospital_code, claim_number, content_hash, row_no, patient_pseudo, admission_date, discharge_date, period)`,
      params,
    );
  } catch (error) {
    if ((error as { code?: string }).code === "E_DB_CONFLICT") throw transient("E_DEDUPE_RACE", `a new claim is already in the claim table: ${RACE}`);
    throw error;
  }
}

function correctionParams(batchId: string, round: Correction[]): unknown[] {
  return [
    batchId, round.map((d) => d.c.claimId), round.map((d) => d.version), round.map((d) => d.c.contentHash), round.map((d) => d.c.rowNo),
    round.map((d) => d.c.patientPseudo || null), round.map((d) => d.c.admissionDate), round.map((d) => d.c.dischargeDate), round.map((d) => d.c.period),
  ];
}

async function updateCorrectedClaims(tx: Queryable, count: number, params: unknown[]): Promise<void> {
  const { rows } = await tx.query(
    `UPDATE claim AS c SET current_version = t.version, content_hash = t.content_hash, batch_id = $1, row_no = t.row_no,
       patient_pseudo = t.patient_pseudo, admission_date = t.admission_date, discharge_date = t.discharge_date, period = t.period,
       updated_at = now()
     FROM unnest($2::text[], $3::int[], $4::text[], $5::int[], $6::text[], $7::date[], $8::date[], $9::text[])
       AS t(claim_id, version, content_hash, row_no, patient_pseudo, admission_date, discharge_date, period)
     WHERE c.claim_id = t.claim_id AND c.current_version = t.version - 1 AND c.content_hash <> t.content_hash
     RETURNING c.claim_id`,
    params,
  );
  if (rows.length !== count) {
    throw transient("E_DEDUPE_RACE", `${count - rows.length} of ${count} corrected claims changed since they were read: ${RACE}`);
  }
}

/**
 * The chunk's valid rows, each written once with its outcome. A row an older intake already wrote as
 * 'received' (a batch in flight across an upgrade) is updated instead.
 */
function claimRowParams(chunk: { batchId: string; chunkId: string }, decisions: Decision[], probable: Map<number, string>): unknown[] {
  const errors = decisions.map((d) =>
    d.kind === "duplicate"
      ? JSON.stringify([{ code: "E_DUPLICATE", field: "claimNumber", message: `exact resubmission of claim ${d.c.claimNumber} version ${d.of.version} (batch ${d.of.batchId}, row ${d.of.rowNo}); not counted again` }])
      : null,
  );
  const flags = decisions.map((d) => {
    const other = probable.get(d.c.rowNo);
    return other ? JSON.stringify([{ code: "W_PROBABLE_DUPLICATE", field: "patientId", message: `same patient and hospital with an overlapping stay as claim ${other}; held for review`, claimId: other }]) : null;
  });
  return [
    chunk.batchId, chunk.chunkId, decisions.map((d) => d.c.rowNo), decisions.map((d) => d.c.hospitalCode), decisions.map((d) => d.c.claimNumber),
    decisions.map((d) => d.c.contentHash), decisions.map((d) => d.c.patientPseudo), decisions.map((d) => d.c.claimId),
    decisions.map((d) => (d.kind === "duplicate" ? d.of.version : d.version)), decisions.map((d) => d.kind === "duplicate"), errors, flags,
    decisions.map((d) => d.c.admissionDate), decisions.map((d) => d.c.dischargeDate), decisions.map((d) => d.c.period),
  ];
}

async function insertRows(tx: Queryable, params: unknown[]): Promise<void> {
  await tx.query(
    `INSERT INTO claim_row AS c (batch_id, row_no, chunk_id, hospital_code, claim_number, content_hash, patient_pseudo, claim_id, version, state, errors, flags, admission_date, discharge_date, period)
     SELECT $1, t.row_no, $2, t.hospital_code, t.claim_number, t.content_hash, t.patient_pseudo, t.claim_id, t.version,
       CASE WHEN t.duplicate THEN 'duplicate' ELSE 'validated' END, t.errors::jsonb, t.flags::jsonb, t.admission_date, t.discharge_date, t.period
     FROM unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::boolean[], $11::text[], $12::text[], $13::date[], $14::date[], $15::text[])
       AS t(row_no, hospital_code, claim_number, content_hash, patient_pseudo, claim_id, version, duplicate, errors, flags, admission_date, discharge_date, period)
     ON CONFLICT (batch_id, row_no) DO UPDATE SET claim_id = EXCLUDED.claim_id, version = EXCLUDED.version, state = EXCLUDED.state,
       errors = EXCLUDED.errors, flags = EXCLUDED.flags, admission_date = EXCLUDED.admission_date, discharge_date = EXCLUDED.discharge_date, period = EXCLUDED.period
     WHERE c.state = 'received'`,
    params,
  );
}
