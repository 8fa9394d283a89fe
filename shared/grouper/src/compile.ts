import { compileCondition, type ClaimView, type CompiledLists, type Predicate } from "./condition-compile.ts";
import type { Condition, DefinitionPackage, DiagnosisRow, Manifest, ProcedureRow } from "./types.ts";

export type CompiledDrg = { drg: string; name: string; minLevel: number };
export type CompiledAdrg = { id: string; adrg: string; name: string; test: Predicate; drgs: CompiledDrg[] };
export type CompiledMdc = { id: string; mdc: string; name: string; test: Predicate; adrgs: CompiledAdrg[] };
export type CompiledCheck = { id: string; reason: string; message: string; test: Predicate };

/**
 * A definition compiled into lookup tables. Codes are interned to dense ids; per-code severity and
 * exclusion groups are typed arrays indexed by id; rules are closures over precomputed sets.
 */
export type CompiledDefinition = {
  manifest: Manifest;
  dxIndex: Map<string, number>;
  pxIndex: Map<string, number>;
  diagnoses: DiagnosisRow[];
  procedures: ProcedureRow[];
  /** Per diagnosis id: severity level index + 1 (0 = none). */
  dxLevel: Uint8Array;
  /** Per diagnosis id: exclusion group id named as CC/MCC, and as principal (-1 = none). */
  dxCcExclusion: Int32Array;
  dxPdxExclusion: Int32Array;
  exclusionNames: string[];
  checks: CompiledCheck[];
  mdcs: CompiledMdc[];
  /** Whole-code syntax tests from the manifest (null = any). */
  dxSyntax: RegExp | null;
  pxSyntax: RegExp | null;
  /** Reused interning buffer of `groupClaim` (internal). */
  scratch: ClaimView;
};

type ListKind = "dx" | "px";

/** Collects every list a condition references, with the code table it refers to. */
export function collectListUses(cond: Condition, out: Map<string, ListKind>): void {
  if ("principalIn" in cond) out.set(cond.principalIn, "dx");
  else if ("secondaryIn" in cond) out.set(cond.secondaryIn, "dx");
  else if ("anyDiagnosisIn" in cond) out.set(cond.anyDiagnosisIn, "dx");
  else if ("mainProcedureIn" in cond) out.set(cond.mainProcedureIn, "px");
  else if ("anyProcedureIn" in cond) out.set(cond.anyProcedureIn, "px");
  else if ("distinctGroups" in cond) out.set(cond.distinctGroups.list, cond.distinctGroups.of === "diagnoses" ? "dx" : "px");
  else if ("all" in cond) cond.all.forEach((c) => collectListUses(c, out));
  else if ("any" in cond) cond.any.forEach((c) => collectListUses(c, out));
  else if ("not" in cond) collectListUses(cond.not, out);
}

/**
 * Compiles a validated package once; grouping then needs only hash lookups.
 * @example
 * const loaded = loadPackage("shared/grouper/definitions/demo");
 * if (loaded.ok) { const def = compileDefinition(loaded.package); groupClaim(def, claim); }
 */
export function compileDefinition(pkg: DefinitionPackage): CompiledDefinition {
  const dxIndex = indexCodes(pkg.diagnoses);
  const pxIndex = indexCodes(pkg.procedures);
  const levels = new Map(pkg.manifest.severityLevels.map((l, i) => [l, i + 1]));
  const exclusionIds = new Map<string, number>();
  const exclusionId = (name: string | null): number => {
    if (name === null) return -1;
    let id = exclusionIds.get(name);
    if (id === undefined) exclusionIds.set(name, (id = exclusionIds.size));
    return id;
  };
  const n = pkg.diagnoses.length;
  const dxLevel = new Uint8Array(n);
  const dxCcExclusion = new Int32Array(n);
  const dxPdxExclusion = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const row = pkg.diagnoses[i];
    dxLevel[i] = row.severity === null ? 0 : (levels.get(row.severity) ?? 0);
    dxCcExclusion[i] = exclusionId(row.ccExclusion);
    dxPdxExclusion[i] = exclusionId(row.pdxExclusion);
  }
  const lists = compileLists(pkg, dxIndex, pxIndex);
  const drgsByAdrg = new Map<string, CompiledDrg[]>();
  for (const d of pkg.drgs) {
    const arr = drgsByAdrg.get(d.adrg) ?? [];
    arr.push({ drg: d.drg, name: d.name, minLevel: d.minSeverity === null ? 0 : (levels.get(d.minSeverity) ?? 0) });
    drgsByAdrg.set(d.adrg, arr);
  }
  const mdcs: CompiledMdc[] = pkg.rules.mdcs.map((m) => ({
    id: m.id,
    mdc: m.mdc,
    name: m.name,
    test: compileCondition(m.when, lists),
    adrgs: pkg.rules.adrgs
      .filter((a) => a.mdc === m.mdc)
      .map((a) => ({ id: a.id, adrg: a.adrg, name: a.name, test: compileCondition(a.when, lists), drgs: drgsByAdrg.get(a.adrg) ?? [] })),
  }));
  const checks = pkg.manifest.checks.map((c) => ({ id: c.id, reason: c.reason, message: c.message, test: compileCondition(c.failWhen, lists) }));
  return {
    manifest: pkg.manifest,
    dxIndex,
    pxIndex,
    diagnoses: pkg.diagnoses,
    procedures: pkg.procedures,
    dxLevel,
    dxCcExclusion,
    dxPdxExclusion,
    exclusionNames: [...exclusionIds.keys()],
    checks,
    mdcs,
    dxSyntax: wholeCode(pkg.manifest.codeSyntax.diagnosis),
    pxSyntax: wholeCode(pkg.manifest.codeSyntax.procedure),
    scratch: { claim: null as unknown as ClaimView["claim"], dx: [], px: [] },
  };
}

function wholeCode(source: string | null): RegExp | null {
  return source === null ? null : new RegExp(`^(?:${source})$`);
}

function indexCodes(rows: { code: string }[]): Map<string, number> {
  const index = new Map<string, number>();
  for (let i = 0; i < rows.length; i++) index.set(rows[i].code, i);
  return index;
}

function compileLists(pkg: DefinitionPackage, dxIndex: Map<string, number>, pxIndex: Map<string, number>): CompiledLists {
  const kinds = new Map<string, ListKind>();
  for (const m of pkg.rules.mdcs) collectListUses(m.when, kinds);
  for (const a of pkg.rules.adrgs) collectListUses(a.when, kinds);
  for (const c of pkg.manifest.checks) collectListUses(c.failWhen, kinds);
  const sets = new Map<string, Set<number>>();
  const groups = new Map<string, Map<number, number>>();
  const groupIds = new Map<string, Map<string, number>>();
  for (const name of kinds.keys()) sets.set(name, new Set());
  for (const row of pkg.lists) {
    const kind = kinds.get(row.list);
    if (kind === undefined) continue; // a list no rule uses costs nothing at grouping time
    const id = (kind === "dx" ? dxIndex : pxIndex).get(row.code);
    if (id === undefined) continue; // the validator reports it; compile stays total
    sets.get(row.list)!.add(id);
    if (row.group === null) continue;
    let names = groupIds.get(row.list);
    if (!names) groupIds.set(row.list, (names = new Map()));
    let g = names.get(row.group);
    if (g === undefined) names.set(row.group, (g = names.size));
    let m = groups.get(row.list);
    if (!m) groups.set(row.list, (m = new Map()));
    if (!m.has(id)) m.set(id, g); // the first group a code is listed under wins
  }
  return { sets, groups };
}
