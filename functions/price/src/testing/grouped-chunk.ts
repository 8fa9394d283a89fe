import { GROUPED_COLUMNS, LANDING_COLUMNS } from "@casemix/claims";
import { deriveEventId, EventTypes, type CasemixEvent, type ClaimsChunkGroupedData } from "@casemix/events";
import { writeChunk } from "@casemix/parquet";
import type { ObjectStore } from "@casemix/storage";

/** One claim of a test chunk, as group would pass it on. */
export type TestClaim = { claimId: string; version?: number; hospitalCode: string; admissionDate: string; dischargeDate: string; drg: string; dischargeStatus?: string; totalChargesSen?: number };

/** Writes a landing and a group chunk object for `claims` and returns the `claims.chunk.grouped` event. */
export async function groupedChunkEvent(store: Pick<ObjectStore, "putOnce">, batchId: string, claims: readonly TestClaim[], chunkId = "chk_1"): Promise<CasemixEvent<ClaimsChunkGroupedData>> {
  const landing = writeChunk(LANDING_COLUMNS, claims.map((c, i) => ({
    rowNo: i + 1, hospitalCode: c.hospitalCode, claimNumber: c.claimId, patientPseudo: "p", admissionDate: c.admissionDate, dischargeDate: c.dischargeDate,
    admissionType: "emergency", dischargeStatus: c.dischargeStatus ?? "1", sex: "F", dateOfBirth: "1980-01-01", birthWeightGrams: null,
    principalDiagnosis: "I21.0", secondaryDiagnoses: "", procedures: "", procedureDates: "", department: null,
    totalChargesSen: c.totalChargesSen ?? 0, contentHash: `h${i}`, intakeErrors: null,
  })));
  const grouped = writeChunk(GROUPED_COLUMNS, claims.map((c, i) => ({ rowNo: i + 1, claimId: c.claimId, version: c.version ?? 1, definitionVersionId: "demo@1", mdc: "05", adrg: c.drg.slice(0, 4), drg: c.drg, severity: null })));
  const landingKey = `landing/${batchId}/${chunkId}/evt_l.parquet`;
  const groupedKey = `group/${batchId}/${chunkId}/evt_g.parquet`;
  await store.putOnce(landingKey, landing.bytes);
  await store.putOnce(groupedKey, grouped.bytes);
  return {
    specversion: "1.0", id: deriveEventId("test-group", batchId, chunkId), source: "/casemix/group", type: EventTypes.claimsChunkGrouped, partitionkey: claims[0]?.hospitalCode,
    data: {
      batchId, chunkId, chunkIndex: 0, chunkCount: 1, hospitalCode: claims[0]?.hospitalCode ?? "H1", objectKey: groupedKey, sha256: grouped.sha256, rowCount: claims.length,
      landing: { objectKey: landingKey, sha256: landing.sha256, rowCount: claims.length }, counts: { grouped: claims.length, ungroupable: 0 },
    },
  };
}
