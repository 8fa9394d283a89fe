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

/** appeals: a hospital disputes the result of one claim version. */
export const AppealFiledDataSchema = z.strictObject({
  ...appealFields,
  reasonCode: z.string().regex(/^A_[A-Z0-9_]+$/, "must be an appeal reason code like A_WRONG_PDX"),
  reasonText: z.string().min(1).max(2000),
  /** The `sub` of the token that filed it. */
  filedBy: z.string().min(1),
  filedAt: InstantSchema,
});
export type AppealFiledData = z.infer<typeof AppealFiledDataSchema>;

/**
 * appeals: the review is over. `action` tells group (regroup) or price (reprice) what to redo; a
 * regrouped claim flows on to price, and both keep the old results (a new claim version).
 */
export const AppealDecidedDataSchema = z.strictObject({
  ...appealFields,
  decision: z.enum(["upheld", "partially-upheld", "dismissed"]),
  action: z.enum(["regroup", "reprice", "none"]),
  decidedBy: z.string().min(1),
  decidedAt: InstantSchema,
  note: z.string().max(2000).optional(),
});
export type AppealDecidedData = z.infer<typeof AppealDecidedDataSchema>;

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
