import { z } from "zod";
import { CountSchema, HospitalCodeSchema, InstantSchema, PeriodSchema, RunIdSchema, SenDeltaSchema, SenSchema, VersionIdSchema } from "./common.ts";

/** `close` prices a period for the first time; `adjustment` reprices late or corrected claims. */
export const RunKindSchema = z.enum(["close", "adjustment"]);

/** scheduler -> price: a period (YYYY-MM, Asia/Kuala_Lumpur) is closed and must be priced as a run. */
export const PeriodClosedDataSchema = z.strictObject({
  period: PeriodSchema,
  runId: RunIdSchema,
  runKind: RunKindSchema,
  closedAt: InstantSchema,
});
export type PeriodClosedData = z.infer<typeof PeriodClosedDataSchema>;

/**
 * price -> price: one slice of a period run, about 10k claims (DESIGN.md "Shape"). The slice is a keyset
 * range of claim ids, inclusive at both ends, so it stays the same however often it is redelivered.
 */
export const PeriodChunkScheduledDataSchema = z.strictObject({
  period: PeriodSchema,
  runId: RunIdSchema,
  runKind: RunKindSchema,
  chunkIndex: CountSchema,
  chunkCount: z.number().int().positive(),
  /** Present when the run is sliced per hospital; then it is also the partition key. */
  hospitalCode: HospitalCodeSchema.optional(),
  range: z.strictObject({ firstClaimId: z.string().min(1), lastClaimId: z.string().min(1) }),
  claimCount: CountSchema,
});
export type PeriodChunkScheduledData = z.infer<typeof PeriodChunkScheduledDataSchema>;

/** price -> report: the last chunk of a run is done; sent exactly once per run. */
export const PeriodPricedDataSchema = z.strictObject({
  period: PeriodSchema,
  runId: RunIdSchema,
  runKind: RunKindSchema,
  chunkCount: z.number().int().positive(),
  claimCount: CountSchema,
  /** Total of the run, integer sen as a string. */
  totalSen: SenSchema,
  /** For an adjustment run: the difference from what was paid before (may be negative). */
  deltaSen: SenDeltaSchema.optional(),
  tariffVersionIds: z.array(VersionIdSchema).min(1),
  pricedAt: InstantSchema,
});
export type PeriodPricedData = z.infer<typeof PeriodPricedDataSchema>;
