import { parseCondition, type ConditionIssue, type ListUse } from "./condition-parse.ts";
import type { DefinitionPackage, PackageIssue } from "./types.ts";

/** Maps a table row or a document path to a line number; the loader knows the real lines. */
export type Locator = {
  row(file: string, index: number): number | undefined;
  path(file: string, path: (string | number)[]): number | undefined;
};

/** For a package built in memory: rows are numbered as `writePackage` would write them. */
export const WRITTEN_LAYOUT: Locator = { row: (_f, i) => i + 2, path: () => undefined };

/**
 * Checks a package's cross-references: every list a rule names exists and holds codes of the right
 * table, ids are unique, every ADRG belongs to an MDC and has DRGs ending with an unconditional one.
 * Returns the issues; an empty array means the package is valid.
 */
export function validatePackage(pkg: DefinitionPackage, locate: Locator = WRITTEN_LAYOUT): PackageIssue[] {
  const issues: PackageIssue[] = [];
  const at = (code: string, file: string, line: number | undefined, field: string, message: string) =>
    issues.push({ code, file, ...(line === undefined ? {} : { line }), field, message });
  const atPath = (code: string, file: string, path: (string | number)[], message: string) =>
    at(code, file, locate.path(file, path), path.join("."), message);

  const uses: { use: ListUse; file: string }[] = [];
  const condition = (file: string, value: unknown, path: (string | number)[]) => {
    const ci: ConditionIssue[] = [];
    const u: ListUse[] = [];
    parseCondition(value, path, ci, u);
    for (const i of ci) atPath("E_PKG_CONDITION", file, i.path, i.message);
    for (const use of u) uses.push({ use, file });
  };

  const m = pkg.manifest;
  if (m.effectiveTo !== null && m.effectiveTo < m.effectiveFrom) atPath("E_PKG_DATES", "definition.yaml", ["effectiveTo"], "is before effectiveFrom");
  const levels = new Set(m.severityLevels);
  for (const [kind, rows, file] of [["diagnosis", pkg.diagnoses, "diagnoses.tsv"], ["procedure", pkg.procedures, "procedures.tsv"]] as const) {
    const source = m.codeSyntax[kind];
    if (source === null) continue;
    const re = new RegExp(`^(?:${source})$`);
    rows.forEach((r, i) => {
      if (!re.test(r.code)) at("E_PKG_CODE_SYNTAX", file, locate.row(file, i), "code", `code ${r.code} does not match codeSyntax.${kind}`);
    });
  }
  const ids = new Map<string, string>();
  const uniqueId = (file: string, path: (string | number)[], id: string) => {
    if (ids.has(id)) atPath("E_PKG_DUPLICATE_ID", file, path, `rule id "${id}" is already used in ${ids.get(id)}`);
    else ids.set(id, file);
  };
  m.checks.forEach((c, i) => {
    uniqueId("definition.yaml", ["checks", i, "id"], c.id);
    condition("definition.yaml", c.failWhen, ["checks", i, "failWhen"]);
  });
  const mdcCodes = new Set<string>();
  pkg.rules.mdcs.forEach((r, i) => {
    uniqueId("rules.yaml", ["mdcs", i, "id"], r.id);
    if (mdcCodes.has(r.mdc)) atPath("E_PKG_DUPLICATE", "rules.yaml", ["mdcs", i, "mdc"], `MDC ${r.mdc} is defined twice`);
    mdcCodes.add(r.mdc);
    condition("rules.yaml", r.when, ["mdcs", i, "when"]);
  });
  const adrgCodes = new Set<string>();
  pkg.rules.adrgs.forEach((r, i) => {
    uniqueId("rules.yaml", ["adrgs", i, "id"], r.id);
    if (adrgCodes.has(r.adrg)) atPath("E_PKG_DUPLICATE", "rules.yaml", ["adrgs", i, "adrg"], `ADRG ${r.adrg} is defined twice`);
    adrgCodes.add(r.adrg);
    if (!mdcCodes.has(r.mdc)) atPath("E_PKG_UNKNOWN_MDC", "rules.yaml", ["adrgs", i, "mdc"], `MDC ${r.mdc} is not defined in mdcs`);
    condition("rules.yaml", r.when, ["adrgs", i, "when"]);
  });

  const dx = codeTable(pkg.diagnoses, "diagnoses.tsv", at, locate);
  const px = codeTable(pkg.procedures, "procedures.tsv", at, locate);
  pkg.diagnoses.forEach((d, i) => {
    if (d.severity !== null && !levels.has(d.severity)) {
      at("E_PKG_SEVERITY", "diagnoses.tsv", locate.row("diagnoses.tsv", i), "severity", `"${d.severity}" is not one of severityLevels (${m.severityLevels.join(", ")})`);
    }
  });

  const kinds = new Map<string, "dx" | "px">();
  for (const { use, file } of uses) {
    const prev = kinds.get(use.list);
    if (prev && prev !== use.kind) atPath("E_PKG_LIST_KIND", file, use.path, `list "${use.list}" is used for both diagnoses and procedures`);
    else kinds.set(use.list, use.kind);
  }
  const present = new Set<string>();
  const groupCounts = new Map<string, Set<string>>();
  pkg.lists.forEach((row, i) => {
    present.add(row.list);
    const kind = kinds.get(row.list);
    if (kind && !(kind === "dx" ? dx : px).has(row.code)) {
      const table = kind === "dx" ? "diagnoses.tsv" : "procedures.tsv";
      at("E_PKG_LIST_CODE", "lists.tsv", locate.row("lists.tsv", i), "code", `code ${row.code} of list "${row.list}" is not in ${table}`);
    }
    if (row.group !== null) {
      const g = groupCounts.get(row.list) ?? new Set();
      g.add(row.group);
      groupCounts.set(row.list, g);
    }
  });
  for (const { use, file } of uses) {
    if (!present.has(use.list)) atPath("E_PKG_UNKNOWN_LIST", file, use.path, `list "${use.list}" has no rows in lists.tsv`);
  }
  for (const [list, g] of groupCounts) {
    if (g.size > 31) at("E_PKG_GROUPS", "lists.tsv", undefined, "group", `list "${list}" has ${g.size} groups; at most 31 are supported`);
  }
  checkDrgs(pkg, adrgCodes, levels, at, locate);
  return issues;
}

type At = (code: string, file: string, line: number | undefined, field: string, message: string) => void;

function codeTable(rows: { code: string; sex: string | null; ageMin: number | null; ageMax: number | null }[], file: string, at: At, locate: Locator): Set<string> {
  const codes = new Set<string>();
  rows.forEach((r, i) => {
    if (codes.has(r.code)) at("E_PKG_DUPLICATE", file, locate.row(file, i), "code", `code ${r.code} is listed twice`);
    codes.add(r.code);
    if (r.ageMin !== null && r.ageMax !== null && r.ageMax < r.ageMin) at("E_PKG_AGE", file, locate.row(file, i), "age_max", "is below age_min");
  });
  return codes;
}

function checkDrgs(pkg: DefinitionPackage, adrgs: Set<string>, levels: Set<string>, at: At, locate: Locator): void {
  const seen = new Set<string>();
  const last = new Map<string, string | null>();
  pkg.drgs.forEach((d, i) => {
    const line = locate.row("drgs.tsv", i);
    if (seen.has(d.drg)) at("E_PKG_DUPLICATE", "drgs.tsv", line, "drg", `DRG ${d.drg} is listed twice`);
    seen.add(d.drg);
    if (!adrgs.has(d.adrg)) at("E_PKG_UNKNOWN_ADRG", "drgs.tsv", line, "adrg", `ADRG ${d.adrg} is not defined in rules.yaml`);
    if (d.minSeverity !== null && !levels.has(d.minSeverity)) at("E_PKG_SEVERITY", "drgs.tsv", line, "min_severity", `"${d.minSeverity}" is not a severity level`);
    last.set(d.adrg, d.minSeverity);
  });
  pkg.rules.adrgs.forEach((a, i) => {
    if (!last.has(a.adrg)) at("E_PKG_NO_DRG", "rules.yaml", locate.path("rules.yaml", ["adrgs", i]), `adrgs.${i}.adrg`, `ADRG ${a.adrg} has no DRG in drgs.tsv`);
    else if (last.get(a.adrg) !== null) at("E_PKG_NO_DRG", "drgs.tsv", undefined, "min_severity", `the last DRG of ADRG ${a.adrg} must have an empty min_severity`);
  });
}
