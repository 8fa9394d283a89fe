import type { CompiledDefinition } from "./compile.ts";
import type { Claim, EditFailure, GroupResult, GroupTrace } from "./types.ts";

/**
 * A readable account of one grouping, for a coder: the claim, the checks, the MDCs entered, each
 * rule tried, the matching rule, the codes that raised or were excluded from severity, and edits.
 */
export function formatExplanation(def: CompiledDefinition, claim: Claim, result: GroupResult, edits: EditFailure[] = []): string {
  const m = def.manifest;
  const lines: string[] = [];
  lines.push(`definition  ${m.id} ${m.version} — ${m.name}${m.illustrative ? " (ILLUSTRATIVE, not for payment)" : ""}`);
  if (claim.caseId) lines.push(`claim       ${claim.caseId}`);
  lines.push(`patient     sex ${claim.sex ?? "-"}, age ${claim.ageYears ?? "-"} y / ${claim.ageDays ?? "-"} d, birth weight ${claim.birthWeight ?? "-"} g`);
  lines.push(`principal   ${claim.principalDx ?? "-"}`);
  lines.push(`secondary   ${claim.secondaryDx.join(", ") || "-"}`);
  lines.push(`procedures  ${claim.procedures.join(", ") || "-"}`);
  lines.push("");
  lines.push(`result      ${result.status} (${result.reason}): MDC ${result.mdc}, ADRG ${result.adrg}, DRG ${result.drg}${drgName(def, result)}`);
  lines.push(`severity    ${result.severity ?? "none"}`);
  const t = result.trace;
  if (t) {
    if (t.checksFailed.length > 0) {
      for (const id of t.checksFailed) {
        const c = def.checks.find((x) => x.id === id);
        lines.push(`check       ${id} failed: ${c?.message ?? ""}`);
      }
    } else {
      lines.push(`checks      ${def.checks.length} passed`);
      lines.push("rules       MDC entry rules in order; inside an entered MDC, its ADRG rules in order");
      lines.push(...ruleLines(def, t));
    }
    for (const s of t.severityCodes) lines.push(`  counts     ${s.code} (${s.level})`);
    for (const e of t.excludedCodes) lines.push(`  excluded   ${e.code} (${e.level}) by exclusion ${e.exclusion} of the principal`);
  }
  if (edits.length > 0) {
    lines.push("edits");
    for (const e of edits) lines.push(`  ${e.level.padEnd(8)} ${e.code} ${e.field}: ${e.message}`);
  }
  return lines.join("\n");
}

/** MDC entry rules up to the MDC that matched (all of them when none did), with the ADRG rules tried. */
function ruleLines(def: CompiledDefinition, t: GroupTrace): string[] {
  const lines: string[] = [];
  const entered = new Set(t.mdcsEntered);
  const tried = new Set(t.rulesTried);
  for (const mdc of def.mdcs) {
    if (!entered.has(mdc.id)) {
      lines.push(`  ${mdc.id.padEnd(14)} no`);
      continue;
    }
    lines.push(`  ${mdc.id.padEnd(14)} entered`);
    let matched = false;
    for (const a of mdc.adrgs) {
      if (!tried.has(a.id)) continue;
      matched = a.id === t.matchedRule;
      lines.push(`    rule ${a.id.padEnd(12)} ${matched ? "MATCHED" : "no"}`);
    }
    if (matched) break;
    lines.push(`    (no ADRG rule holds: falls through to the next MDC)`);
  }
  return lines;
}

function drgName(def: CompiledDefinition, r: GroupResult): string {
  for (const mdc of def.mdcs) {
    for (const a of mdc.adrgs) {
      if (a.adrg !== r.adrg) continue;
      const d = a.drgs.find((x) => x.drg === r.drg);
      return d ? ` "${d.name}"` : "";
    }
  }
  return "";
}
