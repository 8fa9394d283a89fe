import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { DIAGNOSIS_COLUMNS, DRG_COLUMNS, formatTsv, LIST_COLUMNS, PROCEDURE_COLUMNS } from "./tsv.ts";
import type { DefinitionPackage } from "./types.ts";

/** Renders a package as its files (name -> content), the layout `loadPackage` reads. */
export function formatPackage(pkg: DefinitionPackage): Map<string, string> {
  const files = new Map<string, string>();
  const yaml = (v: unknown) => stringify(v, { lineWidth: 0, aliasDuplicateObjects: false });
  files.set("definition.yaml", yaml(pkg.manifest));
  files.set("rules.yaml", yaml(pkg.rules));
  files.set("diagnoses.tsv", formatTsv(DIAGNOSIS_COLUMNS, pkg.diagnoses.map((d) => [d.code, d.name, d.severity, d.ccExclusion, d.pdxExclusion, d.sex, d.ageMin, d.ageMax])));
  files.set("procedures.tsv", formatTsv(PROCEDURE_COLUMNS, pkg.procedures.map((p) => [p.code, p.name, p.sex, p.ageMin, p.ageMax])));
  files.set("lists.tsv", formatTsv(LIST_COLUMNS, pkg.lists.map((l) => [l.list, l.code, l.group])));
  files.set("drgs.tsv", formatTsv(DRG_COLUMNS, pkg.drgs.map((d) => [d.drg, d.adrg, d.minSeverity, d.name])));
  return files;
}

/** Writes a package directory (created if needed); existing package files are replaced. */
export function writePackage(pkg: DefinitionPackage, dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of formatPackage(pkg)) writeFileSync(join(dir, name), content);
}
