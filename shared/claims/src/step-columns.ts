/**
 * Parquet columns of the validate, dedupe, group and price chunk objects, one per field of
 * {@link ValidatedRow}, {@link DedupedRow}, {@link GroupedRow}, {@link PricedRow} and the rejections
 * object. Readers pass them as `schema` to `readChunk` so a chunk of another shape is refused
 * (E_PARQUET_SCHEMA).
 */
export const VALIDATED_COLUMNS = [
  { name: "rowNo", type: "int32" },
  { name: "ageYears", type: "int32" },
  { name: "ageDays", type: "int32" },
  { name: "lengthOfStay", type: "int32" },
  { name: "period", type: "string" },
] as const;

export const DEDUPED_COLUMNS = [
  { name: "rowNo", type: "int32" },
  { name: "claimId", type: "string" },
  { name: "version", type: "int32" },
  { name: "probableDuplicateOf", type: "string", nullable: true },
] as const;

/** Severity is null for a claim that no secondary diagnosis raised. */
export const GROUPED_COLUMNS = [
  { name: "rowNo", type: "int32" },
  { name: "claimId", type: "string" },
  { name: "version", type: "int32" },
  { name: "definitionVersionId", type: "string" },
  { name: "mdc", type: "string" },
  { name: "adrg", type: "string" },
  { name: "drg", type: "string" },
  { name: "severity", type: "string", nullable: true },
] as const;

export const PRICED_COLUMNS = [
  { name: "rowNo", type: "int32" },
  { name: "claimId", type: "string" },
  { name: "version", type: "int32" },
  { name: "tariffVersionId", type: "string" },
  { name: "drg", type: "string" },
  { name: "totalSen", type: "int64" },
  { name: "errorCode", type: "string", nullable: true },
] as const;

/** One row per reason: a claim rejected for three reasons has three rows. */
export type RejectionRow = { rowNo: number; claimNumber: string; code: string; field: string; message: string };

export const REJECTION_COLUMNS = [
  { name: "rowNo", type: "int32" },
  { name: "claimNumber", type: "string" },
  { name: "code", type: "string" },
  { name: "field", type: "string" },
  { name: "message", type: "string" },
] as const;
