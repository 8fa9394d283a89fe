import { claimFromLanding, landingRowFromParquet, type GroupedRow, type LandingRow } from "@casemix/claims";
import { ConfigError, type DefinitionInForce } from "@casemix/config";
import { groupClaim, type GroupResult } from "@casemix/grouper";
import type { ChunkRow } from "@casemix/parquet";
import { invalid } from "@casemix/runtime";

/** One grouping to store (table `grouping`). */
export type GroupingRecord = {
  claimId: string;
  version: number;
  definitionVersionId: string;
  rowNo: number;
  mdc: string;
  adrg: string;
  drg: string;
  severity: string | null;
  status: GroupResult["status"];
  reason: string;
  trace: GroupResult["trace"];
};

/** A claim that stops here, with the reason returned to the hospital. */
export type Ungroupable = { claimId: string; version: number; rowNo: number; code: string; field: string; message: string };

export type ChunkGrouping = {
  groupings: GroupingRecord[];
  /** Rows that go on to pricing, in row order. */
  grouped: GroupedRow[];
  ungroupable: Ungroupable[];
  /** Definition version ids used, in first-use order. */
  definitionVersions: string[];
};

/** Resolves the definition in force on a discharge date (the config store's `definitionFor`). */
export type DefinitionResolver = (date: string) => Promise<DefinitionInForce>;

/**
 * Resolves the definition in force on each distinct discharge date of the chunk, once per date. A date
 * no published definition covers maps to null: those claims are ungroupable (data, not a failure).
 */
async function definitionsByDate(dates: Iterable<string>, resolve: DefinitionResolver): Promise<Map<string, DefinitionInForce | null>> {
  const out = new Map<string, DefinitionInForce | null>();
  for (const date of dates) {
    if (out.has(date)) continue;
    try {
      out.set(date, await resolve(date));
    } catch (error) {
      if (error instanceof ConfigError && error.code === "E_CONFIG_NOT_IN_FORCE") out.set(date, null);
      else throw error;
    }
  }
  return out;
}

const FIELD_OF_REASON: Record<string, string> = { E_SEX_MISSING: "sex", E_PDX_MISSING: "principalDiagnosis", E_BIRTH_WEIGHT_MISSING: "birthWeightGrams" };

function ungroupableOf(def: DefinitionInForce, result: GroupResult): { code: string; field: string; message: string } {
  if (result.status === "check_failed") {
    const check = def.package.manifest.checks.find((c) => c.reason === result.reason);
    return { code: result.reason, field: FIELD_OF_REASON[result.reason] ?? "claim", message: `${check?.message ?? result.reason} (${def.version.label})` };
  }
  const message =
    result.reason === "E_NO_MDC"
      ? `no major diagnostic category of ${def.version.label} accepts the principal diagnosis`
      : `no base group of ${def.version.label} holds for this claim in the categories it entered`;
  return { code: result.reason, field: "principalDiagnosis", message };
}

/**
 * Groups the claims of a chunk: joins the dedupe rows with their landing rows on rowNo, and groups
 * each with the definition in force on its discharge date (with the trace, which is stored).
 */
export async function groupChunk(deduped: readonly ChunkRow[], landing: readonly ChunkRow[], resolve: DefinitionResolver): Promise<ChunkGrouping> {
  const byRow = new Map<number, LandingRow>();
  for (const row of landing) byRow.set(Number(row.rowNo), landingRowFromParquet(row));
  const joined = deduped.map((d) => {
    const rowNo = Number(d.rowNo);
    const l = byRow.get(rowNo);
    if (!l) throw invalid("E_ROW_NOT_IN_LANDING", `deduplicated row ${rowNo} is not in the landing chunk`, "data.landing");
    return { rowNo, claimId: String(d.claimId), version: Number(d.version), landing: l };
  });
  const defs = await definitionsByDate(joined.map((j) => j.landing.dischargeDate), resolve);
  const out: ChunkGrouping = { groupings: [], grouped: [], ungroupable: [], definitionVersions: [] };
  for (const { rowNo, claimId, version, landing: l } of joined) {
    const def = defs.get(l.dischargeDate);
    if (!def) {
      out.ungroupable.push({ claimId, version, rowNo, code: "E_DEFINITION_NOT_IN_FORCE", field: "dischargeDate", message: `no published grouping definition is in force on ${l.dischargeDate}` });
      continue;
    }
    const definitionVersionId = def.version.id;
    if (!out.definitionVersions.includes(definitionVersionId)) out.definitionVersions.push(definitionVersionId);
    const r = groupClaim(def.definition, claimFromLanding(l));
    out.groupings.push({ claimId, version, definitionVersionId, rowNo, mdc: r.mdc, adrg: r.adrg, drg: r.drg, severity: r.severity, status: r.status, reason: r.reason, trace: r.trace });
    if (r.status === "grouped") out.grouped.push({ rowNo, claimId, version, definitionVersionId, mdc: r.mdc, adrg: r.adrg, drg: r.drg, severity: r.severity });
    else out.ungroupable.push({ claimId, version, rowNo, ...ungroupableOf(def, r) });
  }
  return out;
}
