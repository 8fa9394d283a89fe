import { z } from "zod";
import {
  AppealIdSchema,
  BatchIdSchema,
  ClaimIdSchema,
  ConfigKindSchema,
  CountSchema,
  DateSchema,
  HospitalCodeSchema,
  InstantSchema,
  NotificationIdSchema,
  ObjectKeySchema,
  PeriodSchema,
  ReportIdSchema,
  RunIdSchema,
  SenSchema,
  Sha256Schema,
  VersionIdSchema,
} from "./common.ts";

/** report -> notify: a report file is in `exports/` (or `curated/`), addressed by key and digest. */
export const ReportPublishedDataSchema = z.strictObject({
  reportId: ReportIdSchema,
  kind: z.enum(["batch-result", "period-summary", "hospital-statement", "curated-claims"]),
  format: z.enum(["parquet", "csv", "json", "pdf"]),
  objectKey: ObjectKeySchema,
  sha256: Sha256Schema,
  rowCount: CountSchema.optional(),
  period: PeriodSchema.optional(),
  hospitalCode: HospitalCodeSchema.optional(),
  batchId: BatchIdSchema.optional(),
  publishedAt: InstantSchema,
});
export type ReportPublishedData = z.infer<typeof ReportPublishedDataSchema>;

/**
 * admin-config: a configuration version was published; it is immutable from now on. The range is
 * `effectiveFrom` inclusive to `effectiveTo` inclusive, open-ended when `effectiveTo` is null.
 */
export const ConfigPublishedDataSchema = z
  .strictObject({
    kind: ConfigKindSchema,
    versionId: VersionIdSchema,
    effectiveFrom: DateSchema,
    effectiveTo: DateSchema.nullable(),
    sha256: Sha256Schema,
    publishedAt: InstantSchema,
  })
  .refine((d) => d.effectiveTo === null || d.effectiveTo >= d.effectiveFrom, {
    path: ["effectiveTo"],
    message: "must not be before effectiveFrom",
  });
export type ConfigPublishedData = z.infer<typeof ConfigPublishedDataSchema>;

const appealFields = {
  appealId: AppealIdSchema,
  claimId: ClaimIdSchema,
  claimVersion: z.number().int().positive(),
  hospitalCode: HospitalCodeSchema,
};

/** Where an appeal stands (functions/appeals/src/states.ts holds the allowed moves). */
export const AppealStateSchema = z.enum(["filed", "under_review", "decided", "applied", "closed", "withdrawn"]);
export type AppealState = z.infer<typeof AppealStateSchema>;
/** upheld: the result stands; overturned: the reviewer's coding replaces it; partly: some of the hospital's case is accepted. */
export const AppealDecisionSchema = z.enum(["upheld", "overturned", "partly"]);
export type AppealDecision = z.infer<typeof AppealDecisionSchema>;

/** A claim version's DRG and payment, before or after an appeal. */
const AppealResultSchema = z.strictObject({
  claimVersion: z.number().int().positive(),
  drg: z.string().nullable(),
  totalSen: SenSchema.nullable(),
});

/**
 * appeals: an appeal moved from one state to another (filing is the move from none to `filed`).
 * Sent once per move; notify turns each into a webhook to the hospital. The decision and the before
 * and after results appear once known; the reviewer's note and the person are not in it (the audit has them).
 */
export const AppealTransitionedDataSchema = z.strictObject({
  ...appealFields,
  seq: z.number().int().positive(),
  from: AppealStateSchema.nullable(),
  to: AppealStateSchema,
  at: InstantSchema,
  reasonCode: z.string().regex(/^A_[A-Z0-9_]+$/, "must be an appeal reason code like A_WRONG_PDX"),
  decision: AppealDecisionSchema.optional(),
  before: AppealResultSchema.optional(),
  after: AppealResultSchema.optional(),
  /** The adjustment run that paid the difference, when the claim's period was closed. */
  adjustmentRunId: RunIdSchema.optional(),
});
export type AppealTransitionedData = z.infer<typeof AppealTransitionedDataSchema>;

/** appeals: an appeal stayed in a state past that state's deadline; the ministry's escalation path takes it up. */
export const AppealEscalatedDataSchema = z.strictObject({
  ...appealFields,
  state: AppealStateSchema,
  stateSince: InstantSchema,
  deadline: InstantSchema,
  escalatedAt: InstantSchema,
});
export type AppealEscalatedData = z.infer<typeof AppealEscalatedDataSchema>;

/** scheduler -> appeals: the deadline check's tick; `at` is the clock every deadline is compared with (the tick's time). */
export const AppealDeadlinesReachedDataSchema = z.strictObject({
  at: InstantSchema,
});
export type AppealDeadlinesReachedData = z.infer<typeof AppealDeadlinesReachedDataSchema>;

const notificationFields = {
  notificationId: NotificationIdSchema,
  /** Hospital webhooks carry the hospital; MyGDX (government data exchange) deliveries may not. */
  hospitalCode: HospitalCodeSchema.optional(),
  target: z.enum(["hospital", "mygdx"]),
  /** The event that caused the notification. */
  causeEventId: z.string().min(1),
  causeType: z.string().min(1),
  attempts: z.number().int().positive(),
};

/** notify: a signed webhook was accepted by its target (2xx). */
export const NotificationDeliveredDataSchema = z.strictObject({
  ...notificationFields,
  statusCode: z.number().int().min(200).max(299),
  deliveredAt: InstantSchema,
});
export type NotificationDeliveredData = z.infer<typeof NotificationDeliveredDataSchema>;

/** notify: the webhook gave up after its attempts. */
export const NotificationFailedDataSchema = z.strictObject({
  ...notificationFields,
  errorCode: z.string().regex(/^E_[A-Z0-9_]+$/),
  lastStatusCode: z.number().int().min(100).max(599).optional(),
  failedAt: InstantSchema,
});
export type NotificationFailedData = z.infer<typeof NotificationFailedDataSchema>;

/**
 * The PingSource's payload: we set `data` to `{"schedule":"<name>"}` so one scheduler function tells
 * its schedules apart (see `schedules` in routes.ts).
 */
export const SchedulerTickedDataSchema = z.strictObject({
  schedule: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, "must be a schedule name"),
});
export type SchedulerTickedData = z.infer<typeof SchedulerTickedDataSchema>;
