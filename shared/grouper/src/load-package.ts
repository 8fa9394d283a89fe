import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { LineCounter, parseDocument, type Document } from "yaml";
import type { z } from "zod";
import { ManifestFileSchema, RulesFileSchema } from "./package-schema.ts";
import { DIAGNOSIS_COLUMNS, DRG_COLUMNS, LIST_COLUMNS, parseTsv, PROCEDURE_COLUMNS, type TsvTable } from "./tsv.ts";
import type { Condition, DefinitionPackage, DiagnosisRow, LoadResult, PackageIssue, ProcedureRow } from "./types.ts";
import { validatePackage, type Locator } from "./validate.ts";

/** The files of a package directory (see ../README.md). */
export const PACKAGE_FILES = ["definition.yaml", "rules.yaml", "diagnoses.tsv", "procedures.tsv", "lists.tsv", "drgs.tsv"] as const;

type YamlFile = { doc: Document; counter: LineCounter };

/**
 * Loads and validates a definition package directory. Never throws for bad content: every problem
 * is returned as an issue naming the file, the line and the field.
 * @example
 * const r = loadPackage("shared/grouper/definitions/demo");
 * if (!r.ok) for (const i of r.issues) console.error(`${i.file}:${i.line} ${i.field}: ${i.message}`);
 */
export function loadPackage(dir: string): LoadResult {
  const files: Record<string, string> = {};
  const issues: PackageIssue[] = [];
  for (const f of PACKAGE_FILES) {
    const p = join(dir, f);
    if (!existsSync(p)) issues.push({ code: "E_PKG_FILE_MISSING", file: f, field: "file", message: `${p} does not exist` });
    else files[f] = readFileSync(p, "utf8");
  }
  return issues.length > 0 ? { ok: false, issues } : parsePackage(files);
}

/**
 * Parses and validates a package given as file contents (name -> text), e.g. uploaded through an
 * admin API or stored in a database. Pure: no I/O.
 */
export function parsePackage(files: Record<string, string>): LoadResult {
  const issues: PackageIssue[] = [];
  const texts = new Map<string, string>();
  for (const f of PACKAGE_FILES) {
    const text = files[f];
    if (typeof text !== "string") issues.push({ code: "E_PKG_FILE_MISSING", file: f, field: "file", message: `${f} is missing` });
    else texts.set(f, text);
  }
  if (issues.length > 0) return { ok: false, issues };
  const yamls = new Map<string, YamlFile>();
  const manifest = readYaml("definition.yaml", texts.get("definition.yaml")!, ManifestFileSchema, yamls, issues);
  const rules = readYaml("rules.yaml", texts.get("rules.yaml")!, RulesFileSchema, yamls, issues);
  const tables = new Map<string, TsvTable>();
  const tsv = (f: string, cols: readonly string[]) => {
    const t = parseTsv(f, texts.get(f)!, cols, issues);
    tables.set(f, t);
    return t;
  };
  const diagnoses = tsv("diagnoses.tsv", DIAGNOSIS_COLUMNS).rows.map((r, i) => diagnosisRow(r, tables.get("diagnoses.tsv")!.lines[i], issues));
  const procedures = tsv("procedures.tsv", PROCEDURE_COLUMNS).rows.map((r, i) => procedureRow(r, tables.get("procedures.tsv")!.lines[i], issues));
  const lists = tsv("lists.tsv", LIST_COLUMNS).rows.map((r, i) => {
    requireCells("lists.tsv", tables.get("lists.tsv")!.lines[i], r, [0, 1], LIST_COLUMNS, issues);
    return { list: r[0] ?? "", code: r[1] ?? "", group: r[2] };
  });
  const drgs = tsv("drgs.tsv", DRG_COLUMNS).rows.map((r, i) => {
    requireCells("drgs.tsv", tables.get("drgs.tsv")!.lines[i], r, [0, 1], DRG_COLUMNS, issues);
    return { drg: r[0] ?? "", adrg: r[1] ?? "", minSeverity: r[2], name: r[3] ?? "" };
  });
  if (issues.length > 0 || !manifest || !rules) return { ok: false, issues };
  const pkg: DefinitionPackage = {
    manifest: { ...manifest, checks: manifest.checks.map((c) => ({ ...c, failWhen: c.failWhen as Condition })) },
    rules: {
      mdcs: rules.mdcs.map((m) => ({ ...m, when: m.when as Condition })),
      adrgs: rules.adrgs.map((a) => ({ ...a, when: a.when as Condition })),
    },
    diagnoses,
    procedures,
    lists,
    drgs,
  };
  const locate: Locator = {
    row: (f, i) => tables.get(f)?.lines[i],
    path: (f, path) => {
      const y = yamls.get(f);
      return y ? lineOf(y, path) : undefined;
    },
  };
  const semantic = validatePackage(pkg, locate);
  return semantic.length > 0 ? { ok: false, issues: semantic } : { ok: true, package: pkg };
}

function readYaml<S extends z.ZodType>(file: string, text: string, schema: S, yamls: Map<string, YamlFile>, issues: PackageIssue[]): z.infer<S> | null {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  yamls.set(file, { doc, counter });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) issues.push({ code: "E_PKG_YAML", file, line: e.linePos?.[0].line, field: "yaml", message: e.message.split("\n")[0] });
    return null;
  }
  const parsed = schema.safeParse(doc.toJS());
  if (parsed.success) return parsed.data;
  for (const i of parsed.error.issues) {
    const path = i.path.map((p) => (typeof p === "symbol" ? String(p) : p));
    issues.push({ code: "E_PKG_SCHEMA", file, line: lineOf({ doc, counter }, path), field: path.join(".") || "(document)", message: i.message });
  }
  return null;
}

/** The line of the deepest existing node on `path` (a missing key is reported at its parent). */
function lineOf(y: YamlFile, path: (string | number)[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = y.doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node && node.range) return y.counter.linePos(node.range[0]).line;
  }
  return undefined;
}

function requireCells(file: string, line: number, r: (string | null)[], required: number[], cols: readonly string[], issues: PackageIssue[]): void {
  for (const i of required) if (r[i] === null) issues.push({ code: "E_PKG_REQUIRED", file, line, field: cols[i], message: "is required" });
}

function intCell(file: string, line: number, field: string, v: string | null, issues: PackageIssue[]): number | null {
  if (v === null) return null;
  if (!/^\d+$/.test(v)) {
    issues.push({ code: "E_PKG_NUMBER", file, line, field, message: `"${v}" is not a whole number` });
    return null;
  }
  return Number(v);
}

function diagnosisRow(r: (string | null)[], line: number, issues: PackageIssue[]): DiagnosisRow {
  requireCells("diagnoses.tsv", line, r, [0], DIAGNOSIS_COLUMNS, issues);
  return {
    code: r[0] ?? "",
    name: r[1] ?? "",
    severity: r[2],
    ccExclusion: r[3],
    pdxExclusion: r[4],
    sex: r[5],
    ageMin: intCell("diagnoses.tsv", line, "age_min", r[6], issues),
    ageMax: intCell("diagnoses.tsv", line, "age_max", r[7], issues),
  };
}

function procedureRow(r: (string | null)[], line: number, issues: PackageIssue[]): ProcedureRow {
  requireCells("procedures.tsv", line, r, [0], PROCEDURE_COLUMNS, issues);
  return {
    code: r[0] ?? "",
    name: r[1] ?? "",
    sex: r[2],
    ageMin: intCell("procedures.tsv", line, "age_min", r[3], issues),
    ageMax: intCell("procedures.tsv", line, "age_max", r[4], issues),
  };
}
