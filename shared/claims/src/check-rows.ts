import type { Readable } from "node:stream";
import { parseClaim, type ClaimError } from "./claim-errors.ts";
import type { ClaimSubmission } from "./claim-schema.ts";
import { FileRejected, recordsOf, type FileFormat, type SourceRecord } from "./record-sources.ts";
import { printable } from "./text-rules.ts";

/**
 * What intake decides about one submitted row before anything else sees it: its read errors, the
 * claim schema's, and a claim for another hospital than the batch's. Shared by intake (ingest.ts) and
 * `casemix validate-file`, so a file checked before sending meets the same rules when it arrives.
 */
export function checkRecord(record: Pick<SourceRecord, "input" | "errors">, batchHospital: string): { claim?: ClaimSubmission; errors: ClaimError[] } {
  const { input, errors: rowErrors } = record;
  // A row that could not be read (not JSON, fields not lining up) has no claim to check: its own fault is the reason.
  const unreadable = Object.keys(input).length === 0 && rowErrors.length > 0;
  const parsed = unreadable ? ({ ok: false, errors: [] } as const) : parseClaim(input);
  const errors = [...rowErrors, ...(parsed.ok ? [] : parsed.errors)];
  const hospital = typeof input.hospitalCode === "string" ? input.hospitalCode.trim() : undefined;
  if (hospital && hospital !== batchHospital) {
    errors.push({ code: "E_HOSPITAL_MISMATCH", field: "hospitalCode", message: `the claim is for hospital ${printable(hospital)} but the batch is for ${batchHospital}; send each hospital's claims in its own batch` });
  }
  return { ...(parsed.ok ? { claim: parsed.claim } : {}), errors };
}

export type FileCheck =
  | { ok: true; rows: number; accepted: number; rejected: { rowNo: number; errors: ClaimError[] }[] }
  | { ok: false; code: string; message: string };

/** Reads a whole claim file as intake does and checks every row, keeping the rejected rows' reasons. */
export async function checkClaimFile(o: { format: FileFormat; stream: Readable; hospitalCode: string; maxJsonBytes?: number }): Promise<FileCheck> {
  let rows = 0;
  const rejected: { rowNo: number; errors: ClaimError[] }[] = [];
  try {
    for await (const record of recordsOf(o.format, o.stream, o.maxJsonBytes ?? 64 * 1024 * 1024)) {
      rows++;
      const { errors } = checkRecord(record, o.hospitalCode);
      if (errors.length > 0) rejected.push({ rowNo: record.rowNo, errors });
    }
  } catch (error) {
    if (error instanceof FileRejected) return { ok: false, code: error.code, message: error.message };
    throw error;
  }
  // As intake answers it (ingest.ts): a header and nothing under it.
  if (rows === 0) return { ok: false, code: "E_FILE_NO_CLAIMS", message: "the file has a header but no claims" };
  return { ok: true, rows, accepted: rows - rejected.length, rejected };
}
