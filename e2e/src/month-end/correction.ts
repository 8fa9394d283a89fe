import { LANDING_COLUMNS } from "@casemix/claims";
import { deriveEventId, EventTypes, type CasemixEvent, type ClaimsChunkGroupedData } from "@casemix/events";
import { writeChunk } from "@casemix/parquet";
import { computePrice } from "@casemix/pricing";
import type { SeededClaim } from "@casemix/fn-price";
import type { startPriceMesh } from "./harness.ts";
import { acceptanceVersions } from "./month-end-flow.ts";

const GROUPED_COLUMNS = [
  { name: "rowNo", type: "int32" },
  { name: "claimId", type: "string" },
  { name: "version", type: "int32" },
  { name: "definitionVersionId", type: "string" },
  { name: "mdc", type: "string" },
  { name: "adrg", type: "string" },
  { name: "drg", type: "string" },
  { name: "severity", type: "string", nullable: true },
] as const;

/** A grouped chunk of one corrected claim (version 2, three more days), written as group would. */
export async function groupedCorrection(store: { putOnce(key: string, b: Uint8Array): Promise<unknown> }, claim: SeededClaim, batchId: string) {
  const los = claim.los + 3;
  const admissionDate = new Date(Date.parse(`${claim.dischargeDate}T00:00:00Z`) - los * 86_400_000).toISOString().slice(0, 10);
  const landing = writeChunk(LANDING_COLUMNS, [{
    rowNo: 1, hospitalCode: claim.hospitalCode, claimNumber: claim.claimId, patientPseudo: "p", admissionDate, dischargeDate: claim.dischargeDate,
    admissionType: "emergency", dischargeStatus: claim.dischargeStatus, sex: "F", dateOfBirth: "1980-01-01", birthWeightGrams: null,
    principalDiagnosis: "I21.0", secondaryDiagnoses: "", procedures: "", procedureDates: "", department: null,
    totalChargesSen: claim.totalChargesSen, contentHash: "corrected", intakeErrors: null,
  }]);
  const grouped = writeChunk(GROUPED_COLUMNS, [{ rowNo: 1, claimId: claim.claimId, version: 2, definitionVersionId: "demo@1", mdc: "05", adrg: claim.drg.slice(0, 4), drg: claim.drg, severity: null }]);
  const landingKey = `landing/${batchId}/chk_1/evt_l.parquet`;
  const groupedKey = `group/${batchId}/chk_1/evt_g.parquet`;
  await store.putOnce(landingKey, landing.bytes);
  await store.putOnce(groupedKey, grouped.bytes);
  const data: ClaimsChunkGroupedData = {
    batchId, chunkId: "chk_1", chunkIndex: 0, chunkCount: 1, hospitalCode: claim.hospitalCode,
    objectKey: groupedKey, sha256: grouped.sha256, rowCount: 1,
    landing: { objectKey: landingKey, sha256: landing.sha256, rowCount: 1 },
    counts: { grouped: 1, ungroupable: 0 },
  };
  const event: CasemixEvent = { specversion: "1.0", id: deriveEventId("test-group", batchId), source: "/casemix/group", type: EventTypes.claimsChunkGrouped, data };
  return { event, los };
}

/** Sends a correction of `claim` after its period closed and reports what price recorded. */
export async function correctAfterClose(ctx: Awaited<ReturnType<typeof startPriceMesh>>, claim: SeededClaim, period: string) {
  const db = ctx.platform.db;
  const before = await db.query("select run_id, total_sen from price where claim_id = $1 order by run_id", [claim.claimId]);
  const { event, los } = await groupedCorrection(ctx.platform.store, claim, "bat_correction1");
  await db.query("update claim set current_version = 2 where claim_id = $1", [claim.claimId]);
  await ctx.mesh.bus.publish([event]);
  await ctx.mesh.idle();
  const { v2, hospitals } = acceptanceVersions();
  const h = hospitals.get(claim.hospitalCode)!;
  const price = (l: number) => {
    const r = computePrice(v2, h, { drg: claim.drg, los: l, dischargeStatus: claim.dischargeStatus, totalChargesSen: claim.totalChargesSen });
    return r.ok ? r.price.totalSen : 0;
  };
  const { rows } = await db.query<{ run_id: string; total_sen: string; delta_sen: string }>(
    "select run_id, total_sen::text, delta_sen::text from price where claim_id = $1 and version = 2",
    [claim.claimId],
  );
  const priceRow = { ...rows[0], delta_sen: Number(rows[0]?.delta_sen) };
  const run = (await db.query<{ kind: string; period: string }>("select kind, period from period_run where run_id = $1", [rows[0]?.run_id])).rows[0];
  const after = await db.query("select run_id, total_sen from price where claim_id = $1 and version = 1 order by run_id", [claim.claimId]);
  return {
    run: { ...run, period },
    priceRow,
    expectedDelta: price(los) - price(claim.los),
    oldRowsUnchanged: JSON.stringify(after.rows) === JSON.stringify(before.rows),
  };
}
