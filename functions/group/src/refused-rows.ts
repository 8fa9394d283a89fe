import type { RefusedRows } from "@casemix/runtime";
import type { ChunkGrouping } from "./group-chunk.ts";

/**
 * The chunk's groupings with only the given rows: what the runtime probes, row by row, to find the
 * rows whose write the database refuses (HandlerResult.isolate).
 */
export function groupingOfRows(result: ChunkGrouping, rows: ReadonlySet<number>): ChunkGrouping {
  return {
    groupings: result.groupings.filter((g) => rows.has(g.rowNo)),
    grouped: result.grouped.filter((g) => rows.has(g.rowNo)),
    ungroupable: result.ungroupable.filter((u) => rows.has(u.rowNo)),
    definitionVersions: result.definitionVersions,
  };
}

/**
 * The chunk's groupings once the runtime has found rows the database refuses (a value no grouping or
 * claim row may hold): those claims stop here as ungroupable with E_VALUE_REFUSED, naming the rule,
 * nothing of their grouping is stored, and the rest of the chunk goes on to pricing.
 */
export function withoutRefusedRows(result: ChunkGrouping, refused: RefusedRows): ChunkGrouping {
  if (refused.size === 0) return result;
  const kept = groupingOfRows(result, new Set(allRows(result).filter((r) => !refused.has(r))));
  const stopped = allClaims(result).filter((c) => refused.has(c.rowNo)).map((c) => {
    const error = refused.get(c.rowNo)!;
    return { ...c, code: error.code, field: error.field ?? "", message: error.message };
  });
  return { ...kept, ungroupable: [...kept.ungroupable, ...stopped].sort((a, b) => a.rowNo - b.rowNo) };
}

/** Every row of the chunk, grouped or not. */
export function allRows(result: ChunkGrouping): number[] {
  return allClaims(result).map((c) => c.rowNo);
}

function allClaims(result: ChunkGrouping): { claimId: string; version: number; rowNo: number }[] {
  const byRow = new Map<number, { claimId: string; version: number; rowNo: number }>();
  for (const g of result.groupings) byRow.set(g.rowNo, { claimId: g.claimId, version: g.version, rowNo: g.rowNo });
  for (const u of result.ungroupable) byRow.set(u.rowNo, { claimId: u.claimId, version: u.version, rowNo: u.rowNo });
  return [...byRow.values()].sort((a, b) => a.rowNo - b.rowNo);
}
