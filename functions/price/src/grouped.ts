import { createHash } from "node:crypto";
import { lengthOfStay, periodOf, type LandingRow } from "@casemix/claims";
import { deriveEventId, EventTypes, type ClaimsChunkGroupedData, type ClaimsChunkPricedData } from "@casemix/events";
import type { ChunkRow } from "@casemix/parquet";
import { invalid } from "@casemix/runtime";
import type { PricingInput } from "./price-inputs.ts";

/** Joins the group chunk's rows with their landing rows (on rowNo) into pricing inputs. */
export function joinGroupedRows(grouped: readonly ChunkRow[], landing: readonly ChunkRow[], batchId: string): PricingInput[] {
  const byRow = new Map<number, LandingRow>();
  for (const row of landing) byRow.set(Number(row.rowNo), row as unknown as LandingRow);
  return grouped.map((g) => {
    const rowNo = Number(g.rowNo);
    const l = byRow.get(rowNo);
    if (!l) throw invalid("E_ROW_NOT_IN_LANDING", `grouped row ${rowNo} is not in the landing chunk`, "landing");
    const charges = l.totalChargesSen as unknown;
    return {
      claimId: String(g.claimId),
      version: Number(g.version),
      hospitalCode: l.hospitalCode,
      dischargeDate: l.dischargeDate,
      period: periodOf(l.dischargeDate),
      drg: String(g.drg),
      los: lengthOfStay(l.admissionDate, l.dischargeDate),
      dischargeStatus: l.dischargeStatus,
      totalChargesSen: charges === null || charges === undefined ? null : Number(charges as number | bigint),
      batchId,
      rowNo,
    };
  });
}

const shortHash = (...parts: string[]) => createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 16);

/**
 * Run id conventions. First pricing of a claim belongs to its batch's run, `run_<batchId>`
 * (`run_bat_...`); a batch id too long for the 64-character tail is hashed. Claims of a period that
 * is closing or closed go into an adjustment run of that period, one per input event and period:
 * `run_adj_<YYYY-MM>_<hash>`. Close runs are named by the sender of `period.closed`.
 */
export function batchRunId(batchId: string): string {
  const id = `run_${batchId}`;
  return id.length <= 68 ? id : `run_bat_${shortHash(batchId)}`;
}

export function adjustmentRunId(period: string, inputEventId: string): string {
  return `run_adj_${period}_${shortHash(period, inputEventId)}`;
}

/** The reply to a grouped chunk: the priced chunk object and the exact total of its priced claims. */
export function chunkPricedEvent(
  input: { id: string; subject?: string },
  data: ClaimsChunkGroupedData,
  object: { objectKey: string; sha256: string; rowCount: number },
  totals: { priced: number; totalSen: bigint; tariffVersionId?: string; registerVersionId?: string; runId?: string },
) {
  const out: ClaimsChunkPricedData = {
    batchId: data.batchId,
    chunkId: data.chunkId,
    chunkIndex: data.chunkIndex,
    ...(data.chunkCount !== undefined ? { chunkCount: data.chunkCount } : {}),
    hospitalCode: data.hospitalCode,
    objectKey: object.objectKey,
    sha256: object.sha256,
    rowCount: object.rowCount,
    landing: data.landing,
    versions: {
      ...data.versions,
      ...(totals.tariffVersionId ? { tariff: totals.tariffVersionId } : {}),
      ...(totals.registerVersionId ? { hospitals: totals.registerVersionId } : {}),
    },
    ...(totals.runId ? { runId: totals.runId } : {}),
    counts: { priced: totals.priced },
    totalSen: totals.totalSen.toString(),
  };
  return {
    id: deriveEventId("price", input.id),
    type: EventTypes.claimsChunkPriced,
    subject: input.subject,
    partitionkey: data.hospitalCode,
    data: out,
  };
}
