import { z } from "@hono/zod-openapi";

export const ErrorSchema = z
  .object({ error: z.object({ code: z.string().openapi({ example: "E_CSV_COLUMN_MISSING" }), message: z.string(), batchId: z.string().optional() }) })
  .openapi("Error");

/** `Idempotency-Key`: the client's name for one submission, so sending it again never makes a second batch. */
export const IdempotencyHeadersSchema = z.object({
  "idempotency-key": z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,128}$/, "1-128 characters: letters, digits, '.', '_', ':' or '-'")
    .optional()
    .openapi({ description: "A name for this submission, unique per hospital (e.g. the file's name and date). Sent again, the POST answers with the batch it made; a batch cut short (a restore of the database) is taken again under the same id.", example: "H10-DEC915-2026-09.csv" }),
});

export const AcceptedSchema = z
  .object({
    batchId: z.string().openapi({ example: "bat_mi3k2x0a1b2c3d4e5f6a7b8" }),
    rows: z.number().int(),
    chunks: z.number().int(),
    rawSha256: z.string(),
    statusUrl: z.string(),
    resultUrl: z.string(),
    sameFileAs: z
      .object({ batchId: z.string(), receivedAt: z.string() })
      .optional()
      .openapi({ description: "The batch that first took a file of the same bytes for this hospital (a file sent twice): its claims will be duplicates" }),
    warning: z.string().optional().openapi({ description: "Why the answer names sameFileAs, and what to do" }),
  })
  .openapi("BatchAccepted");

export const BatchProgressSchema = z
  .object({
    settled: z.number().int().openapi({ description: "Claims in a terminal state, or final held for review" }),
    total: z.number().int().openapi({ description: "Claims received so far (the whole file once read)" }),
    percent: z.number().openapi({ description: "settled / total, 0-100; 100 once completed", example: 42.5 }),
    elapsedSeconds: z.number().openapi({ description: "Since the batch was created, to its completion or now" }),
    claimsPerSecond: z.number(),
    etaSeconds: z.number().nullable().openapi({ description: "Seconds left at the rate so far; null while receiving or once done" }),
  })
  .openapi("BatchProgress");

export const BatchStatusSchema = z
  .object({
    batchId: z.string(),
    hospitalCode: z.string(),
    channel: z.string(),
    fileName: z.string().nullable(),
    status: z.enum(["receiving", "processing", "completed", "failed"]),
    error: z.object({ code: z.string(), message: z.string(), deadLetterIds: z.array(z.string()).optional() }).nullable(),
    rowsReceived: z.number().int(),
    chunksTotal: z.number().int().nullable(),
    chunksDone: z.number().int(),
    completedAt: z.string().nullable(),
    rawSha256: z.string().nullable(),
    counts: z.record(z.string(), z.number().int()).openapi({ example: { validated: 9800, rejected: 150, duplicate: 50 } }),
    progress: BatchProgressSchema,
    adjustmentRuns: z
      .array(z.object({ runId: z.string(), claims: z.number().int() }))
      .openapi({
        description:
          "Runs that paid this batch's late claims (discharged in a period already closed): each one an adjustment run of that period, readable at price's GET /runs/{runId}. Empty when every claim was paid in the batch's own run.",
        example: [{ runId: "run_adj_2027-01_3f2a9c1d0b7e6a54", claims: 12 }],
      }),
  })
  .openapi("BatchStatus");

export const BatchIdParamSchema = z.object({
  batchId: z.string().regex(/^bat_[A-Za-z0-9_-]{1,64}$/).openapi({ param: { name: "batchId", in: "path" }, example: "bat_mi3k2x0a1b2c3d4e5f6a7b8" }),
});

export const UploadQuerySchema = z.object({
  hospital: z.string().optional().openapi({ description: "The hospital the batch is for; a hospital token may omit it (its own hospital is used)." }),
  fileName: z.string().max(200).optional().openapi({ description: "Name stored with the raw file", example: "claims-2027-01.csv" }),
});
