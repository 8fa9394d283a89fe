import { contentHash, type LandingRow } from "@casemix/claims";
import { z } from "@hono/zod-openapi";

const CODE = /^[A-Za-z0-9][A-Za-z0-9.+-]{0,15}$/;
const code = z.string().trim().regex(CODE, "must be a diagnosis or procedure code (letters, digits, '.', '+', '-')");

/**
 * The coding a reviewer decides the claim should carry. Omitted parts keep the claim's own; the
 * codes are checked against the code sets by validate like any claim's (a bad one rejects the new
 * version, and the appeal records why).
 */
export const CodingSchema = z.strictObject({
  principalDiagnosis: code.optional(),
  secondaryDiagnoses: z.array(code).max(50).optional(),
  procedures: z.array(z.strictObject({ code, date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().openapi({ example: "2026-03-02" }) })).max(50).optional(),
});
export type Coding = z.infer<typeof CodingSchema>;

/**
 * The new claim version an appeal's decision makes: the appealed version's landing row with the
 * reviewer's coding, as row 1 of a batch of its own. Everything else the hospital sent is kept, so
 * dedupe sees the same claim with new content: a correction that supersedes the appealed version.
 */
export function correctedRow(row: LandingRow, coding: Coding): LandingRow {
  const next: LandingRow = {
    ...row,
    rowNo: 1,
    principalDiagnosis: coding.principalDiagnosis ?? row.principalDiagnosis,
    secondaryDiagnoses: coding.secondaryDiagnoses ? coding.secondaryDiagnoses.join("|") : row.secondaryDiagnoses,
    procedures: coding.procedures ? coding.procedures.map((p) => p.code).join("|") : row.procedures,
    procedureDates: coding.procedures ? coding.procedures.map((p) => p.date ?? "").join("|") : row.procedureDates,
    intakeErrors: null,
  };
  next.contentHash = contentHash(next);
  return next;
}
