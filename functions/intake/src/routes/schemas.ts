import { z } from "@hono/zod-openapi";
import { ClaimSubmissionSchema } from "@casemix/claims";

/** shared/claims/examples/claim.json: one inpatient episode as a hospital submits it. */
export const CLAIM_EXAMPLE = {
  hospitalCode: "H10-DEC915", claimNumber: "SEL-2026-000123", patientId: "800101-14-5566", admissionDate: "2026-03-01", dischargeDate: "2026-03-05",
  admissionType: "emergency", dischargeStatus: "1", sex: "M", dateOfBirth: "1980-01-01", principalDiagnosis: "I21.9", secondaryDiagnoses: ["I10", "E11.9"],
  procedures: [{ code: "37.22", date: "2026-03-02" }, { code: "36.07", date: "2026-03-02" }], department: "CARD", totalCharges: "18450.00",
};

/**
 * A claim as submitted: the schema intake's validation applies (shared/claims ClaimSubmissionSchema),
 * so the document says what is checked (its fields taken as they are, under a name of the document's). A claim that fails it is still taken, and rejected with its
 * coded reasons in the batch result; the dates are also checked as calendar dates.
 */
export const ClaimSchema = z.strictObject(ClaimSubmissionSchema.shape).openapi("Claim", {
  description: "An inpatient episode. Field rules: shared/claims (ClaimSubmissionSchema); dates are YYYY-MM-DD, totalCharges ringgit with at most two decimals.",
  example: CLAIM_EXAMPLE as never,
});

/** `POST /v1/batches` with `application/json`: an array of claims, or `{ "claims": [...] }`. */
export const JsonBatchSchema = z
  .union([z.array(ClaimSchema), z.object({ claims: z.array(ClaimSchema) })])
  .openapi("JsonBatch", { description: "An array of claims, or an object whose `claims` is one (up to INTAKE_MAX_JSON_BYTES, 64 MiB by default)", example: { claims: [CLAIM_EXAMPLE] } as never });

/** shared/claims/examples/batch.csv, its header and first row. */
export const CSV_BATCH_EXAMPLE =
  "hospital_code,claim_number,patient_id,admission_date,discharge_date,admission_type,discharge_status,sex,date_of_birth,birth_weight_grams,principal_diagnosis,secondary_diagnoses,procedures,procedure_dates,department,total_charges\n" +
  "H10-DEC915,SEL-2026-000123,800101-14-5566,2026-03-01,2026-03-05,emergency,1,M,1980-01-01,,I21.9,I10|E11.9,37.22|36.07,2026-03-02|2026-03-02,CARD,18450.00\n";

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
          "Runs that paid this batch's late claims (discharged in a period already closed): each one an adjustment run of that period, readable at price's GET /v1/runs/{runId}. Empty when every claim was paid in the batch's own run.",
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
