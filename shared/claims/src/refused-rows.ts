/** A claim whose write the database refused (SQLSTATE class 22, 23): its error, never the value. */
export type RefusedClaim = { code: string; message: string; field?: string };

/** The part of the database port this needs (kept structural: @casemix/claims has no database dependency). */
type Sql = { query(sql: string, params?: readonly unknown[]): Promise<unknown> };

/**
 * Writes the claim rows a step's write could not store as `rejected`, with only the columns that cannot
 * hold a refused value (batch, row, chunk, the batch's hospital) and the error (E_VALUE_REFUSED, naming
 * the rule). `earlier` adds the codes and fields of the reasons the claim already had (validate's), their
 * messages left out since they may quote the value refused. A row an older intake wrote as 'received'
 * is updated instead; a row already terminal is left alone.
 */
export async function recordRefusedRows(
  tx: Sql,
  chunk: { batchId: string; chunkId: string; hospitalCode: string },
  refused: ReadonlyMap<number, RefusedClaim>,
  earlier: ReadonlyMap<number, ReadonlyArray<{ code: string; field?: string }>> = new Map(),
): Promise<void> {
  if (refused.size === 0) return;
  const rows = [...refused.keys()];
  const errors = rows.map((row) => {
    const e = refused.get(row)!;
    const before = (earlier.get(row) ?? []).map((x) => ({ code: x.code, field: x.field ?? "", message: `${x.code} (its message is not stored: the database refused a value of this claim)` }));
    return JSON.stringify([{ code: e.code, field: e.field ?? "", message: e.message }, ...before]);
  });
  await tx.query(
    `INSERT INTO claim_row AS c (batch_id, row_no, chunk_id, hospital_code, state, errors)
     SELECT $1, t.row_no, $2, $3, 'rejected', t.errors::jsonb FROM unnest($4::int[], $5::text[]) AS t(row_no, errors)
     ON CONFLICT (batch_id, row_no) DO UPDATE SET state = 'rejected', errors = EXCLUDED.errors WHERE c.state = 'received'`,
    [chunk.batchId, chunk.chunkId, chunk.hospitalCode, rows, errors],
  );
}
