import { ageInYears, lengthOfStay, periodOf, type LandingRow } from "@casemix/claims";
import type { ClaimsChunkPricedData } from "@casemix/events";
import type { OutlierClaim, TrimPoints } from "@casemix/outliers";
import { invalid, readCheckedChunk, transient } from "@casemix/runtime";
import type { ObjectStore } from "@casemix/storage";
import type { OutlierConfig } from "./config.ts";

/** A priced claim joined with its landing row: what the checks judge. */
export type ClaimToJudge = {
  rowNo: number;
  claimId: string;
  version: number;
  hospitalCode: string;
  period: string;
  totalSen: bigint;
  claim: OutlierClaim;
  tariffVersionId: string;
  /** Absent for a claim price could not price: then `unpriced` holds price's error code. */
  trim: TrimPoints | null;
  unpriced: string | null;
};

const codes = (joined: unknown) => (typeof joined === "string" && joined !== "" ? joined.split("|").length : 0);

/**
 * Reads the priced chunk and the landing chunk (checking sha256 and row count of each against the
 * event), and joins them on rowNo. A tariff version or hospital that the config does not know is a
 * transient error: configuration may be on its way, and the event is retried, then dead-lettered.
 */
export async function loadClaims(store: ObjectStore, data: ClaimsChunkPricedData, config: OutlierConfig): Promise<ClaimToJudge[]> {
  const priced = await readCheckedChunk(store, data, "objectKey");
  const landing = await readCheckedChunk(store, data.landing, "landing");
  const byRow = new Map<number, LandingRow>();
  for (const row of landing) byRow.set(Number(row.rowNo), row as unknown as LandingRow);
  const tariffs = new Map<string, Awaited<ReturnType<OutlierConfig["tariff"]>>>();
  const classes = new Map<string, string | undefined>();
  const out: ClaimToJudge[] = [];
  for (const p of priced) {
    const rowNo = Number(p.rowNo);
    const l = byRow.get(rowNo);
    if (!l) throw invalid("E_ROW_NOT_IN_LANDING", `priced row ${rowNo} is not in the landing chunk`, "landing");
    const tariffVersionId = String(p.tariffVersionId);
    const drg = String(p.drg);
    const facts = { rowNo, claimId: String(p.claimId), version: Number(p.version), hospitalCode: l.hospitalCode, period: periodOf(l.dischargeDate), tariffVersionId };
    if (p.errorCode != null) {
      // No tariff (or register entry) to judge against: held for review with price's reason.
      out.push({ ...facts, totalSen: 0n, claim: outlierClaim(l, drg, ""), trim: null, unpriced: String(p.errorCode) });
      continue;
    }
    const tariffKey = `${tariffVersionId}|${l.dischargeDate}`;
    if (!tariffs.has(tariffKey)) tariffs.set(tariffKey, await config.tariff(tariffVersionId, l.dischargeDate));
    const tariff = tariffs.get(tariffKey);
    if (!tariff) throw transient("E_TARIFF_UNKNOWN", `tariff version ${tariffVersionId} is not known to flag-outlier`);
    const d = tariff.drgs.get(drg);
    if (!d) throw invalid("E_DRG_NOT_IN_TARIFF", `DRG ${drg} of row ${rowNo} is not in tariff ${tariffVersionId}`, "drg");
    const classKey = `${l.hospitalCode}|${l.dischargeDate}`;
    if (!classes.has(classKey)) classes.set(classKey, await config.hospitalClass(l.hospitalCode, l.dischargeDate));
    const hospitalClass = classes.get(classKey);
    if (!hospitalClass) throw transient("E_HOSPITAL_UNKNOWN", `hospital ${l.hospitalCode} is not in the register on ${l.dischargeDate}`);
    out.push({
      ...facts,
      totalSen: BigInt(p.totalSen as string | number | bigint),
      claim: outlierClaim(l, drg, hospitalClass),
      trim: { tariffVersionId, lowTrim: d.lowTrim, highTrim: d.highTrim, meanLos: d.meanLosE2 / 100 },
      unpriced: null,
    });
  }
  return out;
}

function outlierClaim(l: LandingRow, drg: string, hospitalClass: string): OutlierClaim {
  return {
    drg,
    hospitalClass,
    los: lengthOfStay(l.admissionDate, l.dischargeDate),
    chargesSen: l.totalChargesSen === null || l.totalChargesSen === undefined ? null : Number(l.totalChargesSen),
    ageYears: ageInYears(l.dateOfBirth, l.admissionDate),
    diagnosisCount: codes(l.secondaryDiagnoses),
    procedureCount: codes(l.procedures),
  };
}
