import { EventTypes, type EventType } from "./event-types.ts";
import type { EventDataOf } from "./data-schemas.ts";

/**
 * One valid data example per event type, for tests and docs (every consumer can start from these).
 * `configPublished` has one per kind, since Triggers filter on the kind (in `subject`).
 */
const sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
const chunk = { batchId: "bat_01HX", chunkId: "chk_01HX-0", chunkIndex: 0, chunkCount: 2, hospitalCode: "HKL", sha256: sha, rowCount: 5000 };
const landing = { objectKey: "landing/bat_01HX/chk_01HX-0/evt_a.parquet", sha256: sha, rowCount: 5000 };
const step = (name: string) => ({ ...chunk, objectKey: `${name}/bat_01HX/chk_01HX-0/evt_b.parquet`, landing });
const config = (kind: "definition" | "tariff" | "hospitals" | "codeset") => ({
  kind, versionId: `${kind}-2027.1`, effectiveFrom: "2027-01-01", effectiveTo: null, sha256: sha, publishedAt: "2026-12-15T02:00:00Z",
});
const appeal = { appealId: "apl_7", claimId: "clm_42", claimVersion: 1, hospitalCode: "HKL" };
const notification = { notificationId: "ntf_9", hospitalCode: "HKL", target: "hospital" as const, causeEventId: "evt_c", causeType: EventTypes.batchCompleted, attempts: 1 };

export const exampleData: { [T in EventType]: EventDataOf<T>[] } = {
  [EventTypes.claimsChunkReceived]: [{ ...chunk, objectKey: landing.objectKey, channel: "upload", rawObjectKey: "raw/HKL/2027-01-31/upload-1.csv" }],
  [EventTypes.claimsChunkValidated]: [{ ...step("validate"), rowCount: 4990, counts: { valid: 4990, rejected: 10 }, versions: { codeset: "codeset-2027.1" } }],
  [EventTypes.claimsChunkDeduplicated]: [{ ...step("dedupe"), counts: { unique: 4980, duplicate: 8, superseded: 2 } }],
  [EventTypes.claimsChunkGrouped]: [{ ...step("group"), counts: { grouped: 4975, ungroupable: 5 }, versions: { definition: "definition-2027.1" } }],
  [EventTypes.claimsChunkPriced]: [{ ...step("price"), counts: { priced: 4975 }, totalSen: "1234567890", versions: { tariff: "tariff-2027.1" } }],
  [EventTypes.claimsChunkFlagged]: [{ ...step("flag-outlier"), counts: { final: 4970, underReview: 5 } }],
  [EventTypes.claimsChunkRejected]: [{ ...chunk, objectKey: "validate-rejects/bat_01HX/chk_01HX-0/evt_b.parquet", rowCount: 10, step: "validate", reasons: { E_PDX_MISSING: 7, E_LOS_NEGATIVE: 3 } }],
  [EventTypes.batchCompleted]: [{
    batchId: "bat_01HX", hospitalCode: "HKL", chunkCount: 2,
    counts: { received: 10000, rejected: 20, duplicate: 16, superseded: 4, ungroupable: 10, final: 9940, underReview: 10 },
    totalSen: "2469135780",
  }, {
    // The batch of one claim that carries an appeal's new claim version (functions/appeals).
    batchId: "bat_apl-0123456789abcdef01234567", hospitalCode: "HKL", chunkCount: 1,
    counts: { received: 1, rejected: 0, duplicate: 0, superseded: 0, ungroupable: 0, final: 1, underReview: 0 },
    totalSen: "1830000",
  }],
  [EventTypes.periodClosed]: [{ period: "2027-01", runId: "run_2027-01-close", runKind: "close", closedAt: "2027-01-31T16:05:00Z" }],
  [EventTypes.periodChunkScheduled]: [
    { period: "2027-01", runId: "run_2027-01-close", runKind: "close", chunkIndex: 0, chunkCount: 3, range: { firstClaimId: "clm_1", lastClaimId: "clm_10000" }, claimCount: 10000 },
    { period: "2027-01", runId: "run_2027-01-close", runKind: "close", chunkIndex: 1, chunkCount: 3, hospitalCode: "HKL", range: { firstClaimId: "clm_10001", lastClaimId: "clm_20000" }, claimCount: 10000 },
  ],
  [EventTypes.periodPriced]: [{
    period: "2027-01", runId: "run_2027-01-close", runKind: "close", chunkCount: 3, claimCount: 25000,
    totalSen: "98765432100", tariffVersionIds: ["tariff-2027.1"], pricedAt: "2027-02-01T01:00:00+08:00",
  }],
  [EventTypes.reportPublished]: [{
    reportId: "rpt_5", kind: "batch-result", format: "csv", objectKey: "exports/HKL/bat_01HX/result.csv", sha256: sha, rowCount: 10000,
    hospitalCode: "HKL", batchId: "bat_01HX", publishedAt: "2027-02-01T01:00:00Z",
  }],
  [EventTypes.configPublished]: [config("definition"), config("tariff"), config("hospitals"), config("codeset")],
  [EventTypes.appealTransitioned]: [
    { ...appeal, seq: 1, from: null, to: "filed", at: "2027-02-03T09:00:00+08:00", reasonCode: "A_WRONG_PDX" },
    {
      ...appeal, seq: 4, from: "decided", to: "applied", at: "2027-02-10T09:05:00+08:00", reasonCode: "A_WRONG_PDX", decision: "overturned",
      before: { claimVersion: 1, drg: "FM19", totalSen: "1250000" }, after: { claimVersion: 2, drg: "FM11", totalSen: "1830000" },
      adjustmentRunId: "run_adj_2027-01_a1",
    },
  ],
  [EventTypes.appealEscalated]: [{ ...appeal, state: "under_review", stateSince: "2027-02-04T09:00:00+08:00", deadline: "2027-03-06T09:00:00+08:00", escalatedAt: "2027-03-07T00:15:00+08:00" }],
  [EventTypes.appealDeadlinesReached]: [{ at: "2027-03-07T00:15:00+08:00" }],
  [EventTypes.notificationDelivered]: [{ ...notification, statusCode: 202, deliveredAt: "2027-02-01T01:00:05Z" }],
  [EventTypes.notificationFailed]: [{ ...notification, target: "mygdx", hospitalCode: undefined, attempts: 11, errorCode: "E_WEBHOOK_TIMEOUT", failedAt: "2027-02-01T01:40:00Z" }],
  [EventTypes.schedulerTicked]: [{ schedule: "month-end" }],
};
