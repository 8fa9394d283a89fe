/**
 * The rows of the chunk objects each step writes (DESIGN.md "Shape": claim-check pattern; each step
 * writes its own result columns, not whole copies of the claim). Objects live at
 * `<step>/<batchId>/<chunkId>/<input-event-id>.parquet`, written once before the transaction that
 * references them; the event carries key, sha256 and row count, and the consumer checks them.
 *
 * A step's object holds only the rows that go on to the next step, keyed by `rowNo` (the row's
 * 1-based position in its batch); rows that stop (rejected, duplicate, ungroupable) are recorded in
 * the database with their reasons. Downstream steps join on `rowNo` with the landing chunk, whose
 * reference every chunk event carries along as `landing`.
 */

/** `landing/...`: every submitted row of the chunk, as intake parsed it, pseudonymised. */
export type LandingRow = {
  rowNo: number;
  hospitalCode: string;
  claimNumber: string;
  /** Keyed hash of the patient identifier: the raw identifier never leaves intake. */
  patientPseudo: string;
  admissionDate: string;
  dischargeDate: string;
  admissionType: string;
  dischargeStatus: string;
  sex: string;
  dateOfBirth: string;
  birthWeightGrams: number | null;
  principalDiagnosis: string;
  /** Codes joined with "|" (codes never contain "|"). */
  secondaryDiagnoses: string;
  procedures: string;
  /** Procedure dates joined with "|", aligned with `procedures` ("" where none was given). */
  procedureDates: string;
  department: string | null;
  totalChargesSen: number;
  /** sha256 of the claim's content (all fields but the row number), for duplicate detection. */
  contentHash: string;
  /** JSON array of {code, field, message} when the row failed the claim schema at intake; else null. */
  intakeErrors: string | null;
};

/** `validate/...`: rows that passed every edit, with the facts the edits derived. */
export type ValidatedRow = {
  rowNo: number;
  ageYears: number;
  ageDays: number;
  lengthOfStay: number;
  period: string;
};

/** `dedupe/...`: rows that are new claims or corrections, with their claim id and version. */
export type DedupedRow = {
  rowNo: number;
  claimId: string;
  version: number;
  /** Set when the row was flagged as a probable duplicate (kept, for review). */
  probableDuplicateOf: string | null;
};

/** `group/...`: grouped rows. */
export type GroupedRow = {
  rowNo: number;
  claimId: string;
  version: number;
  definitionVersionId: string;
  mdc: string;
  adrg: string;
  drg: string;
  severity: string | null;
};

/** `price/...`: priced rows; every component in integer sen (see shared/pricing). */
export type PricedRow = {
  rowNo: number;
  claimId: string;
  version: number;
  tariffVersionId: string;
  drg: string;
  totalSen: number;
  /** Set when the claim could not be priced (then totalSen is 0); flag-outlier holds it for review. */
  errorCode: string | null;
};

/** `flag-outlier/...`: rows with their outlier flags (JSON array of {kind, reason}), possibly empty. */
export type FlaggedRow = {
  rowNo: number;
  claimId: string;
  version: number;
  flags: string;
};
