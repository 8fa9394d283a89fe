import type { ChunkSchema } from "@casemix/parquet";

/** The parquet columns of a `flag-outlier/...` object, one per field of FlaggedRow (@casemix/claims). */
export const FLAGGED_COLUMNS: ChunkSchema = [
  { name: "rowNo", type: "int32" },
  { name: "claimId", type: "string" },
  { name: "version", type: "int32" },
  /** JSON array of {kind, reason, baselineId}; "[]" when the claim passed every check. */
  { name: "flags", type: "string" },
];
