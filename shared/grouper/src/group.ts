import type { ClaimView } from "./condition-compile.ts";
import type { CompiledAdrg, CompiledDefinition } from "./compile.ts";
import type { Claim, GroupResult, GroupTrace } from "./types.ts";

export type GroupOptions = {
  /** Build the trace (default true). Bulk paths that store no trace can skip it. */
  trace?: boolean;
};

const NO_OPTIONS: GroupOptions = {};

/**
 * Interns a claim's codes against the definition's code tables into `view` (reused between calls to
 * spare the garbage collector on bulk runs). Unknown codes become -1.
 */
export function viewClaim(def: CompiledDefinition, claim: Claim, view: ClaimView = { claim, dx: [], px: [] }): ClaimView {
  view.claim = claim;
  const dx = view.dx;
  const px = view.px;
  dx.length = 0;
  px.length = 0;
  dx.push(claim.principalDx ? (def.dxIndex.get(claim.principalDx) ?? -1) : -1);
  const sdx = claim.secondaryDx;
  for (let i = 0; i < sdx.length; i++) dx.push(def.dxIndex.get(sdx[i]) ?? -1);
  const procs = claim.procedures;
  for (let i = 0; i < procs.length; i++) px.push(def.pxIndex.get(procs[i]) ?? -1);
  return view;
}

/**
 * Groups one claim. Pure: the result depends only on the compiled definition and the claim.
 * Input checks run first (`check_failed`), then MDCs are tried in order; inside an MDC whose entry
 * rule holds, ADRG rules are tried in order and the first that holds wins. An MDC where no ADRG
 * holds falls through to the next MDC. The DRG is the ADRG's first DRG whose severity requirement
 * the claim meets.
 * @example
 * const r = groupClaim(def, { sex: "M", ageYears: 50, ..., principalDx: "G45.000", secondaryDx: [], procedures: [] });
 * r.drg; // "BR25"
 */
export function groupClaim(def: CompiledDefinition, claim: Claim, options: GroupOptions = NO_OPTIONS): GroupResult {
  const withTrace = options.trace !== false;
  const trace: GroupTrace | null = withTrace
    ? { checksFailed: [], mdcsEntered: [], rulesTried: [], matchedRule: null, severityCodes: [], excludedCodes: [] }
    : null;
  // groupClaim runs to completion without calling out, so one scratch view per definition is safe.
  const v = viewClaim(def, claim, def.scratch);
  for (const check of def.checks) {
    if (check.test(v)) {
      if (trace) trace.checksFailed.push(check.id);
      return ungrouped(def, "check_failed", check.reason, trace);
    }
  }
  let entered = false;
  for (const mdc of def.mdcs) {
    if (!mdc.test(v)) continue;
    entered = true;
    if (trace) trace.mdcsEntered.push(mdc.id);
    for (const adrg of mdc.adrgs) {
      if (trace) trace.rulesTried.push(adrg.id);
      if (!adrg.test(v)) continue;
      if (trace) trace.matchedRule = adrg.id;
      return assignDrg(def, mdc.mdc, adrg, v, trace);
    }
  }
  return ungrouped(def, "ungroupable", entered ? "E_NO_ADRG" : "E_NO_MDC", trace);
}

function ungrouped(def: CompiledDefinition, status: "check_failed" | "ungroupable", reason: string, trace: GroupTrace | null): GroupResult {
  const u = def.manifest.ungrouped;
  return { mdc: u.mdc, adrg: u.adrg, drg: u.drg, severity: null, status, reason, trace };
}

function assignDrg(def: CompiledDefinition, mdc: string, adrg: CompiledAdrg, v: ClaimView, trace: GroupTrace | null): GroupResult {
  const level = severityLevel(def, v, trace);
  let drg = def.manifest.ungrouped.drg;
  for (const d of adrg.drgs) {
    if (level >= d.minLevel) {
      drg = d.drg;
      break;
    }
  }
  const severity = level === 0 ? null : def.manifest.severityLevels[level - 1];
  return { mdc, adrg: adrg.adrg, drg, severity, status: "grouped", reason: "OK", trace };
}

/**
 * The highest severity level among secondary diagnoses that are not excluded: a secondary does
 * not count when the principal's exclusion group is the group the secondary names.
 */
export function severityLevel(def: CompiledDefinition, v: ClaimView, trace: GroupTrace | null): number {
  const pdx = v.dx[0];
  const pdxGroup = pdx >= 0 ? def.dxPdxExclusion[pdx] : -1;
  let level = 0;
  for (let i = 1; i < v.dx.length; i++) {
    const id = v.dx[i];
    if (id < 0) continue;
    const l = def.dxLevel[id];
    if (l === 0) continue;
    const g = def.dxCcExclusion[id];
    if (g >= 0 && g === pdxGroup) {
      if (trace) {
        trace.excludedCodes.push({ code: v.claim.secondaryDx[i - 1], level: def.manifest.severityLevels[l - 1], exclusion: def.exclusionNames[g] });
      }
      continue;
    }
    if (trace) trace.severityCodes.push({ code: v.claim.secondaryDx[i - 1], level: def.manifest.severityLevels[l - 1] });
    if (l > level) level = l;
  }
  return level;
}
