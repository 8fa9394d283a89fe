import { LANDING_COLUMNS, PRICED_COLUMNS, type LandingRow } from "@casemix/claims";
import type { Queryable } from "@casemix/db";
import { EventTypes, type CasemixEvent } from "@casemix/events";
import { compileTariff, type CompiledTariff } from "@casemix/pricing";
import { SYNTHETIC_CLASSES, syntheticDrgs, type SyntheticClaim } from "@casemix/outliers";
import { writeChunk, type ChunkSchema } from "@casemix/parquet";
import type { ObjectStore } from "@casemix/storage";
import { createStaticConfig, type OutlierConfig } from "./config.ts";

/**
 * Test fixtures: a tariff and register for the synthetic DRGs of @casemix/outliers, and priced chunks
 * (landing + priced objects, batch, claim_row and claim rows) as the earlier steps would leave them.
 */
export const TARIFF_ID = "synthetic@1";

export function syntheticTariff(): CompiledTariff {
  const drgs = syntheticDrgs().map((d) => ({
    drg: d.drg, weight: "1.0000", meanLos: d.meanLos.toFixed(2), lowTrim: d.lowTrim, highTrim: d.highTrim,
    lowDayWeight: "0.0100", highDayWeight: "0.0500",
  }));
  const compiled = compileTariff({
    id: "synthetic", version: 1, name: "synthetic", effectiveFrom: "2020-01-01", effectiveTo: null,
    baseRates: [{ hospitalClass: "state", region: "*", baseRateSen: 500_000 }],
    drgs,
    rules: { sameDay: { factor: "0.5000" }, transfer: { dischargeStatuses: ["T"] }, death: { dischargeStatuses: ["D"], waiveShortStay: true }, outlier: { thresholdSen: 1_000_000, marginalRate: "0.8000" } },
  });
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
  return compiled.tariff;
}

export function syntheticConfig(): OutlierConfig {
  const classes = new Map<string, string>(SYNTHETIC_CLASSES.flatMap((c) => c.hospitals.map((h) => [h, c.hospitalClass] as [string, string])));
  return createStaticConfig([syntheticTariff()], (code) => classes.get(code));
}

const iso = (days: number) => new Date(Date.UTC(2027, 0, 1) + days * 86_400_000).toISOString().slice(0, 10);

export type SeededChunk = { event: CasemixEvent; claims: SyntheticClaim[]; firstRow: number };

/**
 * Seeds one priced chunk of `claims` (all of one hospital) as rows `firstRow..` of `batchId`, and
 * returns its claims.chunk.priced event. Creates the batch row when `chunksTotal` is given. The claims at
 * the `unpriced` indexes are written as price writes a claim it could not price (a DRG without a weight).
 */
export async function seedPricedChunk(db: Queryable, store: ObjectStore, o: { batchId: string; chunkIndex: number; firstRow: number; hospitalCode: string; claims: SyntheticClaim[]; chunksTotal?: number | null; time?: string; unpriced?: readonly number[] }): Promise<SeededChunk> {
  const chunkId = `chk_${o.batchId.slice(4)}-${o.chunkIndex}`;
  if (o.chunksTotal !== undefined) {
    await db.query("INSERT INTO batch (id, hospital_code, channel, status, chunks_total) VALUES ($1, $2, 'upload', 'processing', $3) ON CONFLICT DO NOTHING", [o.batchId, o.hospitalCode, o.chunksTotal]);
  }
  const landing: LandingRow[] = o.claims.map((s, i) => {
    const admit = i % 20;
    return {
      rowNo: o.firstRow + i, hospitalCode: o.hospitalCode, claimNumber: `N${o.firstRow + i}`, patientPseudo: `p${i}`,
      admissionDate: iso(admit), dischargeDate: iso(admit + s.claim.los), admissionType: "elective", dischargeStatus: "H", sex: "F",
      dateOfBirth: `${2026 - s.claim.ageYears}-06-15`, birthWeightGrams: null, principalDiagnosis: "A00",
      secondaryDiagnoses: Array.from({ length: s.claim.diagnosisCount }, (_, k) => `B0${k}`).join("|"),
      procedures: Array.from({ length: s.claim.procedureCount }, (_, k) => `99.${k}`).join("|"), procedureDates: "", department: null,
      totalChargesSen: s.claim.chargesSen ?? 0, contentHash: `h${o.firstRow + i}`, intakeErrors: null,
    };
  });
  const claimId = (row: number) => `clm_${o.batchId.slice(4)}_${row}`;
  const priced = o.claims.map((s, i) =>
    o.unpriced?.includes(i)
      ? { rowNo: o.firstRow + i, claimId: claimId(o.firstRow + i), version: 1, tariffVersionId: TARIFF_ID, drg: "Z99Z", totalSen: 0, errorCode: "E_DRG_NOT_IN_TARIFF" }
      : { rowNo: o.firstRow + i, claimId: claimId(o.firstRow + i), version: 1, tariffVersionId: TARIFF_ID, drg: s.claim.drg, totalSen: 400_000 + i, errorCode: null },
  );
  const landingChunk = writeChunk(LANDING_COLUMNS as unknown as ChunkSchema, landing as never);
  const pricedChunk = writeChunk(PRICED_COLUMNS, priced);
  const landingKey = `landing/${o.batchId}/${chunkId}/evt_l${o.chunkIndex}.parquet`;
  const pricedKey = `price/${o.batchId}/${chunkId}/evt_p${o.chunkIndex}.parquet`;
  await store.putOnce(landingKey, landingChunk.bytes);
  await store.putOnce(pricedKey, pricedChunk.bytes);
  await db.query(
    `INSERT INTO claim_row (batch_id, row_no, chunk_id, hospital_code, claim_number, claim_id, version, state, period)
     SELECT $1, r, $2, $3, 'N' || r, $4 || r, 1, 'grouped', '2027-01' FROM unnest($5::int[]) AS r`,
    [o.batchId, chunkId, o.hospitalCode, `clm_${o.batchId.slice(4)}_`, priced.map((p) => p.rowNo)],
  );
  await db.query(
    `INSERT INTO claim (claim_id, hospital_code, claim_number, current_version, content_hash, batch_id, row_no, period)
     SELECT $1 || r, $2, 'N' || r, 1, 'h' || r, $3, r, '2027-01' FROM unnest($4::int[]) AS r`,
    [`clm_${o.batchId.slice(4)}_`, o.hospitalCode, o.batchId, priced.map((p) => p.rowNo)],
  );
  const totalSen = priced.reduce((s, p) => s + BigInt(p.totalSen), 0n).toString();
  const event: CasemixEvent = {
    specversion: "1.0", id: `evt_priced_${o.batchId}_${o.chunkIndex}`, source: "/casemix/price", type: EventTypes.claimsChunkPriced,
    time: o.time ?? "2027-02-03T00:00:00.000Z", partitionkey: o.hospitalCode,
    data: {
      batchId: o.batchId, chunkId, chunkIndex: o.chunkIndex, hospitalCode: o.hospitalCode,
      objectKey: pricedKey, sha256: pricedChunk.sha256, rowCount: pricedChunk.rowCount,
      landing: { objectKey: landingKey, sha256: landingChunk.sha256, rowCount: landingChunk.rowCount },
      counts: { priced: priced.filter((p) => p.errorCode === null).length }, totalSen,
    },
  };
  return { event, claims: o.claims, firstRow: o.firstRow };
}
