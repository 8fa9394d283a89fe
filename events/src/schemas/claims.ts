import { z } from "zod";
import {
  BatchIdSchema,
  ChunkIdSchema,
  CountSchema,
  HospitalCodeSchema,
  ObjectRefSchema,
  ObjectKeySchema,
  RunIdSchema,
  Sha256Schema,
  SenSchema,
  VersionsUsedSchema,
} from "./common.ts";

/**
 * Chunk events follow the claim-check pattern (DESIGN.md "Shape"): the event names a parquet object in
 * S3 and the consumer checks its sha256 and row count; claims never travel inline.
 * `objectKey`/`sha256`/`rowCount` describe the object this event announces (the step's output);
 * `landing` is the chunk of claim rows as intake wrote it, carried along because each step writes only
 * its own result columns, never whole copies of the claim.
 */
const chunkFields = {
  batchId: BatchIdSchema,
  chunkId: ChunkIdSchema,
  /** 0-based position of the chunk in its batch. */
  chunkIndex: CountSchema,
  /** Number of chunks in the batch, when the producer knows it (intake streaming a file does not yet). */
  chunkCount: z.number().int().positive().optional(),
  hospitalCode: HospitalCodeSchema,
  objectKey: ObjectKeySchema,
  sha256: Sha256Schema,
  rowCount: CountSchema,
};
const stepFields = { ...chunkFields, landing: ObjectRefSchema, versions: VersionsUsedSchema.optional() };

/** intake -> validate: a landing chunk of claim rows (pseudonymised) is ready. */
export const ClaimsChunkReceivedDataSchema = z.strictObject({
  ...chunkFields,
  /** `appeal`: a batch of one claim, the new version an appeal's decision made (functions/appeals). */
  channel: z.enum(["rest", "upload", "sftp", "smrp", "appeal"]),
  /** Key of the file as received under `raw/` (only there do direct identifiers live). */
  rawObjectKey: ObjectKeySchema.optional(),
  /**
   * Set when this batch reprocesses an earlier one from its raw file. Reprocessing is a new batch id,
   * never the old one: event ids derive from their inputs, so reusing ids would only replay stored replies.
   */
  reprocessOf: BatchIdSchema.optional(),
});
export type ClaimsChunkReceivedData = z.infer<typeof ClaimsChunkReceivedDataSchema>;

/** validate -> dedupe: edits ran; `objectKey` holds per-claim validation results of the valid claims. */
export const ClaimsChunkValidatedDataSchema = z.strictObject({
  ...stepFields,
  counts: z.strictObject({ valid: CountSchema, rejected: CountSchema }),
});
export type ClaimsChunkValidatedData = z.infer<typeof ClaimsChunkValidatedDataSchema>;

/** dedupe -> group: duplicates dropped, corrections supersede their originals. */
export const ClaimsChunkDeduplicatedDataSchema = z.strictObject({
  ...stepFields,
  counts: z.strictObject({ unique: CountSchema, duplicate: CountSchema, superseded: CountSchema }),
});
export type ClaimsChunkDeduplicatedData = z.infer<typeof ClaimsChunkDeduplicatedDataSchema>;

/** group -> price: DRGs assigned; ungroupable claims are counted and returned to the hospital. */
export const ClaimsChunkGroupedDataSchema = z.strictObject({
  ...stepFields,
  counts: z.strictObject({ grouped: CountSchema, ungroupable: CountSchema }),
});
export type ClaimsChunkGroupedData = z.infer<typeof ClaimsChunkGroupedDataSchema>;

/** price -> flag-outlier: every grouped claim priced; the total is exact, in sen. */
export const ClaimsChunkPricedDataSchema = z.strictObject({
  ...stepFields,
  /**
   * Set when every claim of the chunk went into one adjustment run (claims of a period already closing
   * or closed); absent when they went into the batch's run, or into several runs. Either way the chunk
   * is its batch's: its claims settle and it counts towards batch.completed like any other.
   */
  runId: RunIdSchema.optional(),
  counts: z.strictObject({ priced: CountSchema }),
  totalSen: SenSchema,
});
export type ClaimsChunkPricedData = z.infer<typeof ClaimsChunkPricedDataSchema>;

/** flag-outlier -> report: claims are final; some may be flagged for review. */
export const ClaimsChunkFlaggedDataSchema = z.strictObject({
  ...stepFields,
  counts: z.strictObject({ final: CountSchema, underReview: CountSchema }),
});
export type ClaimsChunkFlaggedData = z.infer<typeof ClaimsChunkFlaggedDataSchema>;

/**
 * Rejected claims of one chunk, with their reasons, stored as a parquet object (claim id, code, field,
 * message). Rejections are data: a bad claim never fails its chunk (DESIGN.md "Events").
 */
export const ClaimsChunkRejectedDataSchema = z.strictObject({
  ...chunkFields,
  /** The step that rejected them. */
  step: z.enum(["intake", "validate", "group"]),
  /** Rejections per error code, e.g. `{ "E_PDX_MISSING": 3 }`. */
  reasons: z.record(z.string().regex(/^E_[A-Z0-9_]+$/, "must be an error code like E_PDX_MISSING"), CountSchema),
});
export type ClaimsChunkRejectedData = z.infer<typeof ClaimsChunkRejectedDataSchema>;

/** The last chunk of a batch is final (counted once with `UPDATE ... RETURNING`). */
export const BatchCompletedDataSchema = z.strictObject({
  batchId: BatchIdSchema,
  hospitalCode: HospitalCodeSchema,
  chunkCount: z.number().int().positive(),
  counts: z.strictObject({
    received: CountSchema,
    rejected: CountSchema,
    duplicate: CountSchema,
    superseded: CountSchema,
    ungroupable: CountSchema,
    final: CountSchema,
    underReview: CountSchema,
  }),
  totalSen: SenSchema,
  /** The batch this one reprocessed, if any (see `ClaimsChunkReceivedDataSchema.reprocessOf`). */
  reprocessOf: BatchIdSchema.optional(),
});
export type BatchCompletedData = z.infer<typeof BatchCompletedDataSchema>;
