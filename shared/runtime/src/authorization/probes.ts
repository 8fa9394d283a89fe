import type { Db } from "@casemix/db";
import { Readable } from "node:stream";
import { createRawObjects, developmentMasterKeys, type ObjectStore } from "@casemix/storage";
import { EventTypes } from "@casemix/events";

/** The hospital every probe concerns, and the one an "other hospital" token is bound to. */
export const HOSPITAL = "HOSP-A";
export const OTHER_HOSPITAL = "HOSP-B";

/**
 * How to call one operation so that it concerns {@link HOSPITAL}: `hospital` when the request names
 * it (path, query, body) or reaches a stored thing of it; `resource` when that thing is looked up by
 * id, where a route answers another hospital's as not found (404) so ids are not confirmed.
 */
export type Probe = {
  method: string;
  path: string;
  body?: string;
  contentType?: string;
  hospital?: string;
  resource?: boolean;
};

/** Stored things of {@link HOSPITAL} the id-based operations reach. */
export type Seeds = { batchId: string; claimId: string; reviewClaimId: string; subscriptionId: string; webhookId: string; appealId: string; evidenceId: string };

const json = (value: unknown) => ({ body: JSON.stringify(value), contentType: "application/json" });

/**
 * The request of each action whose operation has path parameters or needs a body; every other one is
 * called at its own path with no body. A registered operation with parameters and no entry here
 * fails the generated test (it cannot be called, so it cannot be checked).
 */
export function probeRequests(s: Seeds): Record<string, Omit<Probe, "method">> {
  const claim = { hospitalCode: HOSPITAL, claimNumber: "PROBE-1", principalDiagnosis: "I21.9" };
  const subscription = { target: "hospital", hospitalCode: HOSPITAL, url: "https://his.example/hook", eventTypes: [EventTypes.batchCompleted], signingKeyIds: ["probe-key"] };
  return {
    "claims.submit": { path: "/v1/claims", ...json(claim), hospital: HOSPITAL },
    "batches.submit": { path: `/v1/batches?hospital=${HOSPITAL}`, body: "not,a,claim,file\n", contentType: "text/csv", hospital: HOSPITAL },
    "batches.claims": { path: `/v1/batches/${s.batchId}/claims`, hospital: HOSPITAL, resource: true },
    "batches.list": { path: `/v1/batches?hospital=${HOSPITAL}`, hospital: HOSPITAL },
    "claims.read": { path: `/v1/claims/${s.claimId}`, hospital: HOSPITAL, resource: true },
    "batches.read": { path: `/v1/batches/${s.batchId}`, hospital: HOSPITAL, resource: true },
    "batches.result": { path: `/v1/batches/${s.batchId}/result.csv`, hospital: HOSPITAL, resource: true },
    "batches.reprocess": { path: `/v1/batches/${s.batchId}/reprocess`, hospital: HOSPITAL, resource: true },
    "group.claim": { path: "/v1/group", ...json({}) },
    "config.import": { path: "/v1/config/versions", ...json({}) },
    "config.read": { path: "/v1/config/versions/cfg_00000000000000000000" },
    "config.publish": { path: "/v1/config/versions/cfg_00000000000000000000/publish" },
    "runs.read": { path: "/v1/runs/run_probe1" },
    "periods.read": { path: "/v1/periods/2027-01" },
    "periods.close": { path: "/v1/periods/2026-01/close" },
    "outlier-reviews.list": { path: `/v1/outlier-reviews?hospital=${HOSPITAL}`, hospital: HOSPITAL },
    "outlier-reviews.accept": { path: `/v1/outlier-reviews/${s.reviewClaimId}/1/accept`, ...json({}), hospital: HOSPITAL, resource: true },
    "outlier-reviews.reject": { path: `/v1/outlier-reviews/${s.reviewClaimId}/1/reject`, ...json({ comment: "probe" }), hospital: HOSPITAL, resource: true },
    "outlier-baselines.freeze": { path: "/v1/outlier-baselines", ...json({}) },
    "reports.period": { path: "/v1/reports/2027-01" },
    "reports.breakdown": { path: "/v1/reports/2027-01/hospitals" },
    "reports.file": { path: "/v1/reports/2027-01/files/csv" },
    "reports.download": { path: "/v1/report-files/rpt_000000000000000000000000" },
    "reports.mdc": { path: "/v1/reports/2027-01/mdcs/05" },
    "reports.drg": { path: "/v1/reports/2027-01/drgs/F10" },
    "reports.hospital": { path: `/v1/reports/2027-01/hospitals/${HOSPITAL}`, hospital: HOSPITAL },
    "reports.hospital-mdc": { path: `/v1/reports/2027-01/hospitals/${HOSPITAL}/mdcs/05`, hospital: HOSPITAL },
    "reports.hospital-drg": { path: `/v1/reports/2027-01/hospitals/${HOSPITAL}/drgs/F10`, hospital: HOSPITAL },
    "reports.hospital-claims": { path: `/v1/reports/2027-01/hospitals/${HOSPITAL}/claims.parquet`, hospital: HOSPITAL },
    "webhooks.subscriptions.create": { path: "/v1/webhooks/subscriptions", ...json(subscription), hospital: HOSPITAL },
    "webhooks.subscriptions.read": { path: `/v1/webhooks/subscriptions/${s.subscriptionId}`, hospital: HOSPITAL, resource: true },
    "webhooks.subscriptions.update": { path: `/v1/webhooks/subscriptions/${s.subscriptionId}`, ...json({ url: "https://his.example/hook2" }), hospital: HOSPITAL, resource: true },
    "webhooks.subscriptions.delete": { path: `/v1/webhooks/subscriptions/${s.subscriptionId}`, hospital: HOSPITAL, resource: true },
    "webhooks.subscriptions.enable": { path: `/v1/webhooks/subscriptions/${s.subscriptionId}/enable`, hospital: HOSPITAL, resource: true },
    "webhooks.dead-letters.replay": { path: `/v1/webhooks/dead-letters/${s.webhookId}/replay`, hospital: HOSPITAL, resource: true },
    // A key no one has: an allowed caller gets 404, and the probe changes no key the other probes sign with.
    "webhook-keys.activate": { path: "/v1/webhooks/keys/probe-absent/activate" },
    "webhook-keys.retire": { path: "/v1/webhooks/keys/probe-absent/retire" },
    "webhook-keys.revoke": { path: "/v1/webhooks/keys/probe-absent/revoke" },
    "docs.ui-assets": { path: "/docs/assets/swagger-ui.css" },
    // An unknown claim: allowed callers get 404 as another hospital's would (ids are not confirmed), and nothing is filed.
    "appeals.file": { path: "/v1/appeals", ...json({ claimId: "clm_probe-absent", claimVersion: 1, reasonCode: "A_OTHER", reasonText: "probe" }), hospital: HOSPITAL, resource: true },
    "appeals.list": { path: `/v1/appeals?hospital=${HOSPITAL}`, hospital: HOSPITAL },
    "appeals.read": { path: `/v1/appeals/${s.appealId}`, hospital: HOSPITAL, resource: true },
    "appeals.review": { path: `/v1/appeals/${s.appealId}/review`, ...json({}), hospital: HOSPITAL, resource: true },
    "appeals.withdraw": { path: `/v1/appeals/${s.appealId}/withdraw`, ...json({}), hospital: HOSPITAL, resource: true },
    "appeals.close": { path: `/v1/appeals/${s.appealId}/close`, ...json({}), hospital: HOSPITAL, resource: true },
    "appeals.decide": { path: `/v1/appeals/${s.appealId}/decide`, ...json({ decision: "upheld" }), hospital: HOSPITAL, resource: true },
    // Text, not a PDF: an allowed caller is refused by the type check (415) before any scanner runs.
    "appeals.evidence.add": { path: `/v1/appeals/${s.appealId}/evidence?fileName=probe.pdf`, body: "probe", contentType: "application/octet-stream", hospital: HOSPITAL, resource: true },
    "appeals.evidence.read": { path: `/v1/appeals/${s.appealId}/evidence/${s.evidenceId}`, hospital: HOSPITAL, resource: true },
    "web.assets": { path: "/app/assets/app.css" },
    "web.batch": { path: `/app/batches/${s.batchId}` },
    "web.batch.progress": { path: `/app/batches/${s.batchId}/progress` },
    "web.batch.result": { path: `/app/batches/${s.batchId}/result.csv` },
    "web.claim": { path: `/app/claims/${s.claimId}` },
    "web.reviews.decide": { path: `/app/reviews/${s.reviewClaimId}/1`, body: "decision=accept", contentType: "application/x-www-form-urlencoded" },
    "web.period": { path: "/app/periods/2027-01" },
    "web.period.close": { path: "/app/periods/2026-01/close" },
    "web.period.report": { path: "/app/periods/2027-01/report.pdf" },
    "web.appeal": { path: `/app/appeals/${s.appealId}` },
    "web.appeal.evidence": { path: `/app/appeals/${s.appealId}/evidence` },
    "web.appeal.evidence.read": { path: `/app/appeals/${s.appealId}/evidence/${s.evidenceId}` },
    "web.appeal.review": { path: `/app/appeals/${s.appealId}/review` },
    "web.appeal.withdraw": { path: `/app/appeals/${s.appealId}/withdraw` },
    "web.appeal.close": { path: `/app/appeals/${s.appealId}/close` },
    "web.appeal.decide": { path: `/app/appeals/${s.appealId}/decide`, body: "decision=upheld", contentType: "application/x-www-form-urlencoded" },
  };
}

/** Stores an outlier review, a webhook subscription, a dead letter (with its delivery) and an appeal with an evidence file of {@link HOSPITAL} (a batch comes from intake itself). */
export async function seedStoredThings(db: Db, batchId: string, store: ObjectStore): Promise<Seeds> {
  const seeds: Seeds = {
    batchId, claimId: "clm_probe2", reviewClaimId: "clm_probe1", subscriptionId: "sub_probe1", webhookId: `msg_${"ab".repeat(16)}`, appealId: `apl_${"ab".repeat(12)}`, evidenceId: `evd_${"cd".repeat(12)}`,
  };
  await db.query(
    `INSERT INTO appeal (appeal_id, hospital_code, claim_id, claim_version, reason_code, reason_text, state, state_since, filed_by, created_at)
     VALUES ($1, $2, 'clm_probe1', 1, 'A_OTHER', 'probe', 'filed', now(), 'probe', now())`,
    [seeds.appealId, HOSPITAL],
  );
  const evidenceKey = `appeals/${seeds.appealId}/${seeds.evidenceId}`;
  // Stored as appeals stores evidence: envelope-encrypted, here under the development key the function
  // uses without RAW_MASTER_KEYS (functions/appeals/src/function.ts, label "appeal-evidence").
  await createRawObjects(store, developmentMasterKeys("appeal-evidence")).put(evidenceKey, Readable.from([Buffer.from("%PDF-1.4\n%%EOF\n")]));
  await db.query(
    `INSERT INTO appeal_evidence (evidence_id, appeal_id, hospital_code, file_name, media_type, bytes, sha256, object_key, scanner, uploaded_by, created_at)
     VALUES ($1, $2, $3, 'probe.pdf', 'application/pdf', 15, 'probe', $4, 'probe', 'probe', now())`,
    [seeds.evidenceId, seeds.appealId, HOSPITAL, evidenceKey],
  );
  await db.query(
    "INSERT INTO claim (claim_id, hospital_code, claim_number, current_version, content_hash, batch_id, row_no, period) VALUES ($1, $2, 'PROBE-2', 1, 'h', $3, 1, '2027-01')",
    [seeds.claimId, HOSPITAL, batchId],
  );
  await db.query(
    "INSERT INTO outlier_review (claim_id, version, hospital_code, period, batch_id, row_no, flags) VALUES ($1, 1, $2, '2027-01', $3, 1, '[]'::jsonb)",
    [seeds.reviewClaimId, HOSPITAL, batchId],
  );
  await db.query(
    `INSERT INTO webhook_subscriptions (id, target, hospital_code, url, event_types, auth_kind, signing_key_ids)
     VALUES ($1, 'hospital', $2, 'https://his.example/hook', ARRAY[$3], 'none', ARRAY['probe-key'])`,
    [seeds.subscriptionId, HOSPITAL, EventTypes.batchCompleted],
  );
  await db.query(
    `INSERT INTO webhook_deliveries (webhook_id, subscription_id, event_id, event_type, hospital_code, body, status)
     VALUES ($1, $2, 'evt_probe1', $4, $3, '{}', 'dead')`,
    [seeds.webhookId, seeds.subscriptionId, HOSPITAL, EventTypes.batchCompleted],
  );
  await db.query(
    `INSERT INTO webhook_dead_letters (webhook_id, subscription_id, event_id, event_type, hospital_code, body, reason, attempts, dead_at)
     VALUES ($1, $2, 'evt_probe1', $4, $3, '{}', 'exhausted', 8, now())`,
    [seeds.webhookId, seeds.subscriptionId, HOSPITAL, EventTypes.batchCompleted],
  );
  return seeds;
}
