import type { Filter } from "./routing-types.ts";

/** A filter Knative's admission webhook would refuse, with the path of the offending part. */
export type FilterError = { code: "E_FILTER_INVALID"; path: string; message: string };

/** Knative: attribute names start with a letter and are lowercase alphanumeric (trigger_validation.go). */
const ATTRIBUTE_NAME = /^[a-z][a-z0-9]*$/;
const DIALECTS = ["exact", "prefix", "suffix", "all", "any", "not"] as const;

/**
 * Checks filters against Knative's Trigger validation: one dialect per expression; exact, prefix and
 * suffix hold exactly one attribute, with a valid name and a non-empty value; all/any hold at least
 * one expression (the CRD's own description). Returns every problem found; empty means valid.
 */
export function validateFilters(filters: readonly Filter[], path = "filters"): FilterError[] {
  return filters.flatMap((f, i) => validateFilter(f, `${path}[${i}]`));
}

function validateFilter(filter: Filter, path: string): FilterError[] {
  const err = (p: string, message: string): FilterError => ({ code: "E_FILTER_INVALID", path: p, message });
  const keys = Object.keys(filter);
  const dialects = keys.filter((k): k is (typeof DIALECTS)[number] => (DIALECTS as readonly string[]).includes(k));
  if (keys.length !== 1 || dialects.length !== 1) {
    return [err(path, `must have exactly one of ${DIALECTS.join(", ")}; found ${keys.join(", ") || "none"}`)];
  }
  const f = filter as Record<string, unknown>;
  const dialect = dialects[0]!;
  const at = `${path}.${dialect}`;
  if (dialect === "all" || dialect === "any") {
    const list = f[dialect] as Filter[];
    if (!Array.isArray(list) || list.length === 0) return [err(at, "must contain at least one filter expression")];
    return validateFilters(list, at);
  }
  if (dialect === "not") return validateFilter(f.not as Filter, at);
  const map = f[dialect] as Record<string, unknown>;
  const entries = Object.entries(map ?? {});
  if (entries.length !== 1) return [err(at, "must hold exactly one attribute")];
  const [name, value] = entries[0]!;
  const errors: FilterError[] = [];
  if (!ATTRIBUTE_NAME.test(name)) errors.push(err(`${at}.${name}`, "attribute name must start with a letter and be lowercase alphanumeric"));
  if (typeof value !== "string" || value === "") errors.push(err(`${at}.${name}`, "value must be a non-empty string"));
  return errors;
}
