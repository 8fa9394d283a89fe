import type { Claim, Condition, NumericField, PresenceField, RangeTest } from "./types.ts";

/** A claim with its codes interned to ids of the definition's code tables (-1 = unknown code). */
export type ClaimView = {
  claim: Claim;
  /** Diagnoses, principal first (index 0 is -1 when there is no principal). */
  dx: number[];
  /** Procedures, main procedure first. */
  px: number[];
};

export type Predicate = (v: ClaimView) => boolean;

/** Compiled lists: membership sets by list name, and code -> group index for grouped lists. */
export type CompiledLists = {
  sets: Map<string, Set<number>>;
  groups: Map<string, Map<number, number>>;
};

const TRUE: Predicate = () => true;

/** Turns a condition into a closure over precomputed sets, so evaluating it is a few hash lookups. */
export function compileCondition(cond: Condition, lists: CompiledLists): Predicate {
  if ("always" in cond) return TRUE;
  if ("principalIn" in cond) {
    const s = set(lists, cond.principalIn);
    return (v) => s.has(v.dx[0]);
  }
  if ("secondaryIn" in cond) {
    const s = set(lists, cond.secondaryIn);
    return (v) => someFrom(v.dx, 1, s);
  }
  if ("anyDiagnosisIn" in cond) {
    const s = set(lists, cond.anyDiagnosisIn);
    return (v) => someFrom(v.dx, 0, s);
  }
  if ("mainProcedureIn" in cond) {
    const s = set(lists, cond.mainProcedureIn);
    return (v) => v.px.length > 0 && s.has(v.px[0]);
  }
  if ("anyProcedureIn" in cond) {
    const s = set(lists, cond.anyProcedureIn);
    return (v) => someFrom(v.px, 0, s);
  }
  if ("sex" in cond) {
    const sex = cond.sex;
    return (v) => v.claim.sex === sex;
  }
  if ("missing" in cond) return compileMissing(cond.missing);
  if ("range" in cond) return compileRange(cond.range);
  if ("distinctGroups" in cond) {
    const g = lists.groups.get(cond.distinctGroups.list);
    if (!g) throw new Error(`list ${cond.distinctGroups.list} has no groups`);
    const { min, of } = cond.distinctGroups;
    return (v) => countGroups(of === "diagnoses" ? v.dx : v.px, g, min);
  }
  if ("all" in cond) return compileAll(cond.all.map((c) => compileCondition(c, lists)));
  if ("any" in cond) return compileAny(cond.any.map((c) => compileCondition(c, lists)));
  const inner = compileCondition(cond.not, lists);
  return (v) => !inner(v);
}

function set(lists: CompiledLists, name: string): Set<number> {
  const s = lists.sets.get(name);
  if (!s) throw new Error(`unknown list ${name}`);
  return s;
}

function someFrom(ids: number[], start: number, s: Set<number>): boolean {
  for (let i = start; i < ids.length; i++) if (s.has(ids[i])) return true;
  return false;
}

function countGroups(ids: number[], g: Map<number, number>, min: number): boolean {
  let seen = 0;
  let count = 0;
  for (let i = 0; i < ids.length; i++) {
    const group = g.get(ids[i]);
    // Group indexes are < 31 for a bit mask; the validator limits grouped lists to 31 groups.
    if (group === undefined || seen & (1 << group)) continue;
    seen |= 1 << group;
    if (++count >= min) return true;
  }
  return false;
}

function compileAll(parts: Predicate[]): Predicate {
  if (parts.length === 1) return parts[0];
  if (parts.length === 2) {
    const [a, b] = parts;
    return (v) => a(v) && b(v);
  }
  return (v) => {
    for (let i = 0; i < parts.length; i++) if (!parts[i](v)) return false;
    return true;
  };
}

function compileAny(parts: Predicate[]): Predicate {
  if (parts.length === 1) return parts[0];
  return (v) => {
    for (let i = 0; i < parts.length; i++) if (parts[i](v)) return true;
    return false;
  };
}

function compileMissing(field: PresenceField): Predicate {
  if (field === "principalDx") return (v) => v.claim.principalDx === null || v.claim.principalDx === "";
  return (v) => {
    const x = v.claim[field];
    return x === null || x === undefined || x === "";
  };
}

function compileRange(r: RangeTest): Predicate {
  const field: NumericField = r.field;
  const min = r.min ?? -Infinity;
  const max = r.max ?? Infinity;
  const below = r.below ?? Infinity;
  const above = r.above ?? -Infinity;
  const ifMissing = r.ifMissing ?? false;
  return (v) => {
    const x = v.claim[field];
    if (x === null || x === undefined || Number.isNaN(x)) return ifMissing;
    return x >= min && x <= max && x > above && x < below;
  };
}
