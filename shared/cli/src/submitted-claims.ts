import { createReadStream, openSync, readSync, closeSync } from "node:fs";
import { FileRejected, groupingInputFromSubmission, recordsOf, type FileFormat, type SubmissionGroupingInput } from "@casemix/claims";

/** One claim of a submission file, mapped to the engine's input as the pipeline maps it. */
export type SubmittedClaim = { rowNo: number; claimNumber: string; mapped: SubmissionGroupingInput };

/** The format of a submission file by its name: `.csv`, `.ndjson` / `.jsonl`, or `.json`. */
export function submissionFormatOf(file: string): FileFormat | null {
  const ext = /\.([a-z]+)$/i.exec(file)?.[1]?.toLowerCase();
  return ext === "csv" ? "csv" : ext === "ndjson" || ext === "jsonl" ? "ndjson" : ext === "json" ? "json" : null;
}

/**
 * Whether a CSV file is in the submission format (the columns hospitals send, `claim_number` among
 * them) rather than the engine's (`case_id`, `age_years`, ...): read from its first line.
 */
export function isSubmissionCsv(file: string): boolean {
  const fd = openSync(file, "r");
  try {
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const header = buf.subarray(0, n).toString("utf8").replace(/^\uFEFF/, "").split(/\r?\n/)[0] ?? "";
    return header.split(",").some((c) => c.trim().toLowerCase() === "claim_number");
  } finally {
    closeSync(fd);
  }
}

/**
 * How a claims file is read: as a submission file in `format` (NDJSON or JSON by its name, CSV when its
 * header names claim_number), as the engine's claims CSV (`format` null), or not at all (`error`).
 */
export function claimsFileFormat(file: string): { format: FileFormat | null } | { error: string } {
  const format = submissionFormatOf(file);
  if (format !== null && format !== "csv") return { format };
  try {
    return { format: isSubmissionCsv(file) ? "csv" : null };
  } catch (e) {
    return { error: `cannot read ${file}: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/**
 * Streams the claims of a submission file (CSV, NDJSON or JSON) through intake's own readers and
 * the pipeline's mapping (`groupingInputFromSubmission`), so a coder's check groups exactly what the
 * pipeline would. A file the pipeline refuses whole throws its `FileRejected` reason.
 */
export async function* submittedClaims(file: string, format: FileFormat): AsyncGenerator<SubmittedClaim> {
  for await (const record of recordsOf(format, createReadStream(file), 64 * 1024 * 1024)) {
    const claimNumber = typeof record.input.claimNumber === "string" ? record.input.claimNumber.trim() : "";
    const mapped: SubmissionGroupingInput = record.errors.length > 0 ? { ok: false, errors: record.errors } : groupingInputFromSubmission(record.input);
    yield { rowNo: record.rowNo, claimNumber, mapped };
  }
}

/** Finds one claim by its claim number; a message when it is absent, fails the claim schema or the file is refused. */
export async function findSubmittedClaim(file: string, format: FileFormat, claimNumber: string): Promise<SubmittedClaim | string> {
  try {
    for await (const c of submittedClaims(file, format)) if (c.claimNumber === claimNumber) return c;
  } catch (e) {
    if (e instanceof FileRejected) return `${file} is refused: ${e.message} [${e.code}]`;
    return `cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`;
  }
  return `claim number ${claimNumber} is not in ${file}`;
}
