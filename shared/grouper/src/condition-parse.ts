import type { Condition, NumericField, PresenceField } from "./types.ts";

/** A problem found in a condition, located by its path inside the rules document. */
export type ConditionIssue = { path: (string | number)[]; message: string };

/** How a list is used by a condition: as diagnosis codes or procedure codes. */
export type ListUse = { list: string; kind: "dx" | "px"; path: (string | number)[] };

const NUMERIC_FIELDS: readonly NumericField[] = ["ageYears", "ageDays", "birthWeight", "los"];
const PRESENCE_FIELDS: readonly PresenceField[] = [...NUMERIC_FIELDS, "sex", "principalDx", "dischargeStatus", "department"];
const LIST_KEYS = {
  principalIn: "dx",
  secondaryIn: "dx",
  anyDiagnosisIn: "dx",
  mainProcedureIn: "px",
  anyProcedureIn: "px",
} as const;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Checks an untyped condition (from YAML or JSON) and returns it typed, or null with issues.
 * Records every list it references in `uses` so the validator can check lists and codes.
 */
export function parseCondition(
  value: unknown,
  path: (string | number)[],
  issues: ConditionIssue[],
  uses: ListUse[],
): Condition | null {
  if (!isObject(value)) {
    issues.push({ path, message: "a condition must be an object with exactly one key" });
    return null;
  }
  const keys = Object.keys(value);
  if (keys.length !== 1) {
    issues.push({ path, message: `a condition must have exactly one key, found ${keys.length} (${keys.join(", ")})` });
    return null;
  }
  const key = keys[0];
  const arg = value[key];
  const here = [...path, key];
  if (key in LIST_KEYS) {
    if (typeof arg !== "string" || arg === "") {
      issues.push({ path: here, message: "must name a list" });
      return null;
    }
    uses.push({ list: arg, kind: LIST_KEYS[key as keyof typeof LIST_KEYS], path: here });
    return { [key]: arg } as Condition;
  }
  switch (key) {
    case "always":
      if (arg !== true) issues.push({ path: here, message: "must be true" });
      return { always: true };
    case "sex":
      if (typeof arg !== "string" || arg === "") {
        issues.push({ path: here, message: "must be a sex code" });
        return null;
      }
      return { sex: arg };
    case "missing":
      if (!PRESENCE_FIELDS.includes(arg as PresenceField)) {
        issues.push({ path: here, message: `must be one of ${PRESENCE_FIELDS.join(", ")}` });
        return null;
      }
      return { missing: arg as PresenceField };
    case "range":
      return parseRange(arg, here, issues);
    case "distinctGroups":
      return parseDistinct(arg, here, issues, uses);
    case "all":
    case "any": {
      if (!Array.isArray(arg) || arg.length === 0) {
        issues.push({ path: here, message: "must be a non-empty list of conditions" });
        return null;
      }
      const parts = arg.map((c, i) => parseCondition(c, [...here, i], issues, uses));
      if (parts.some((p) => p === null)) return null;
      return key === "all" ? { all: parts as Condition[] } : { any: parts as Condition[] };
    }
    case "not": {
      const inner = parseCondition(arg, here, issues, uses);
      return inner ? { not: inner } : null;
    }
    default:
      issues.push({ path: here, message: `unknown condition "${key}"` });
      return null;
  }
}

function parseRange(arg: unknown, path: (string | number)[], issues: ConditionIssue[]): Condition | null {
  if (!isObject(arg) || !NUMERIC_FIELDS.includes(arg.field as NumericField)) {
    issues.push({ path: [...path, "field"], message: `must be one of ${NUMERIC_FIELDS.join(", ")}` });
    return null;
  }
  let ok = true;
  for (const k of Object.keys(arg)) {
    if (k === "field") continue;
    if (k === "ifMissing") {
      if (typeof arg[k] !== "boolean") ok = fail(issues, [...path, k], "must be true or false");
    } else if (k === "min" || k === "max" || k === "above" || k === "below") {
      if (typeof arg[k] !== "number" || !Number.isFinite(arg[k])) ok = fail(issues, [...path, k], "must be a number");
    } else ok = fail(issues, [...path, k], "unknown key (use field, min, max, above, below, ifMissing)");
  }
  if (arg.min === undefined && arg.max === undefined && arg.above === undefined && arg.below === undefined) {
    ok = fail(issues, path, "needs at least one of min, max, above, below");
  }
  return ok ? { range: arg as Extract<Condition, { range: unknown }>["range"] } : null;
}

function parseDistinct(arg: unknown, path: (string | number)[], issues: ConditionIssue[], uses: ListUse[]): Condition | null {
  if (!isObject(arg)) return failNull(issues, path, "must be an object with list, of, min");
  let ok = true;
  if (typeof arg.list !== "string" || arg.list === "") ok = fail(issues, [...path, "list"], "must name a grouped list");
  if (arg.of !== "diagnoses" && arg.of !== "procedures") ok = fail(issues, [...path, "of"], "must be diagnoses or procedures");
  if (!Number.isInteger(arg.min) || (arg.min as number) < 1) ok = fail(issues, [...path, "min"], "must be a positive integer");
  if (!ok) return null;
  uses.push({ list: arg.list as string, kind: arg.of === "diagnoses" ? "dx" : "px", path: [...path, "list"] });
  return { distinctGroups: { list: arg.list as string, of: arg.of as "diagnoses" | "procedures", min: arg.min as number } };
}

function fail(issues: ConditionIssue[], path: (string | number)[], message: string): false {
  issues.push({ path, message });
  return false;
}

function failNull(issues: ConditionIssue[], path: (string | number)[], message: string): null {
  issues.push({ path, message });
  return null;
}
