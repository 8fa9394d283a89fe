import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, normalize } from "node:path";
import { importChsDrg } from "@casemix/chs-drg";
import { loadPackage, parsePackage, validatePackage, type DefinitionPackage, type LoadResult } from "@casemix/grouper";
import {
  compileTariff,
  formatCsvIssue,
  HospitalRegisterSchema,
  importRegisterCsv,
  importTariffCsv,
  loadRegisterDir,
  loadTariffDir,
  type HospitalRegister,
  type ImportResult,
  type RegisterCsvFiles,
  type Tariff,
  type TariffCsvFiles,
} from "@casemix/pricing";
import { exclusiveEnd } from "./dates.ts";
import { ConfigError, type ConfigDraft } from "./types.ts";

/** A definition's format: our package directory, or the CHS-DRG 1.1 table layout. */
export type DefinitionFormat = "package" | "chs-drg";

/** Overrides of a draft's range ([from, to), `to` exclusive) and label; by default the content's own. */
export type DraftOptions = { effectiveFrom?: string; effectiveTo?: string | null; label?: string; source?: string };

/**
 * The range of a draft: the content's own unless overridden, and an override must lie inside it (a
 * tariff used outside its own range would make every price fail with E_TARIFF_NOT_IN_FORCE).
 */
function rangeOf(own: { from: string; toInclusive: string | null }, o: DraftOptions): { effectiveFrom: string; effectiveTo: string | null } {
  const ownTo = exclusiveEnd(own.toInclusive);
  const effectiveFrom = o.effectiveFrom ?? own.from;
  const effectiveTo = o.effectiveTo === undefined ? ownTo : o.effectiveTo;
  const outside = effectiveFrom < own.from || (ownTo !== null && (effectiveTo === null || effectiveTo > ownTo));
  if (outside) {
    throw new ConfigError(
      "E_CONFIG_RANGE_OUTSIDE_CONTENT",
      `the range [${effectiveFrom}, ${effectiveTo ?? "open"}) is not inside the content's own range [${own.from}, ${ownTo ?? "open"})`,
    );
  }
  return { effectiveFrom, effectiveTo };
}

function definitionResult(result: LoadResult): DefinitionPackage {
  if (result.ok) return result.package;
  const lines = result.issues.slice(0, 50).map((i) => `${i.file}${i.line ? `:${i.line}` : ""} ${i.field}: ${i.message} [${i.code}]`);
  throw new ConfigError("E_CONFIG_INVALID", `the definition package is invalid:\n${lines.join("\n")}`, 400, result.issues.slice(0, 50));
}

function fromChsDrgDir(dir: string): DefinitionPackage {
  let pkg: DefinitionPackage;
  try {
    pkg = importChsDrg(dir);
  } catch (e) {
    throw new ConfigError("E_CONFIG_INVALID", `the CHS-DRG tables cannot be read: ${(e as Error).message}`);
  }
  const issues = validatePackage(pkg);
  return definitionResult(issues.length > 0 ? { ok: false, issues } : { ok: true, package: pkg });
}

/** A draft of a validated definition package. */
export function definitionDraft(pkg: DefinitionPackage, o: DraftOptions = {}): ConfigDraft {
  const m = pkg.manifest;
  return {
    kind: "definition",
    label: o.label ?? `${m.id} ${m.version}`,
    ...rangeOf({ from: m.effectiveFrom, toInclusive: m.effectiveTo }, o),
    content: pkg,
    source: o.source,
  };
}

/** Reads a definition from a directory (a package, or the CHS-DRG tables) into a draft. */
export function importDefinitionDir(dir: string, format: DefinitionFormat, o: DraftOptions = {}): ConfigDraft {
  const pkg = format === "chs-drg" ? fromChsDrgDir(dir) : definitionResult(loadPackage(dir));
  return definitionDraft(pkg, { source: `${format}:${dir}`, ...o });
}

/**
 * Reads a definition from file contents (relative path -> text), as uploaded through the admin API.
 * The CHS-DRG layout is a tree of tables, read by the importer from a temporary folder.
 */
export function importDefinitionFiles(files: Record<string, string>, format: DefinitionFormat, o: DraftOptions = {}): ConfigDraft {
  if (format === "package") return definitionDraft(definitionResult(parsePackage(files)), { source: "upload:package", ...o });
  const dir = mkdtempSync(join(tmpdir(), "casemix-chs-drg-"));
  try {
    for (const [name, text] of Object.entries(files)) {
      const rel = normalize(name);
      if (rel.startsWith("..") || rel.startsWith("/")) throw new ConfigError("E_CONFIG_FILE_NAME", `file name "${name}" must be a relative path inside the upload`);
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), text);
    }
    return definitionDraft(fromChsDrgDir(dir), { source: "upload:chs-drg", ...o });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function csvResult<T>(what: string, result: ImportResult<T>): T {
  if (result.ok) return result.value;
  throw new ConfigError("E_CONFIG_INVALID", `the ${what} is invalid:\n${result.issues.map(formatCsvIssue).join("\n")}`, 400, result.issues);
}

/** A draft of a tariff version (validated by compiling it). */
export function tariffDraft(tariff: Tariff, o: DraftOptions = {}): ConfigDraft {
  const compiled = compileTariff(tariff);
  if (!compiled.ok) {
    throw new ConfigError("E_CONFIG_INVALID", `the tariff is invalid:\n${compiled.issues.map((i) => `${i.path}: ${i.message}`).join("\n")}`, 400, compiled.issues);
  }
  return {
    kind: "tariff",
    label: o.label ?? `${tariff.id}@${tariff.version}`,
    ...rangeOf({ from: tariff.effectiveFrom, toInclusive: tariff.effectiveTo }, o),
    content: tariff,
    source: o.source,
  };
}

/** Reads a tariff folder (`tariff.csv`, `base-rates.csv`, `drg-weights.csv`) into a draft. */
export const importTariffDir = (dir: string, o: DraftOptions = {}): ConfigDraft => tariffDraft(csvResult("tariff", loadTariffDir(dir)), { source: `csv:${dir}`, ...o });

/** Reads a tariff from its three CSV files' contents into a draft. */
export const importTariffFiles = (files: TariffCsvFiles, o: DraftOptions = {}): ConfigDraft => tariffDraft(csvResult("tariff", importTariffCsv(files)), { source: "upload:csv", ...o });

/** A draft of a hospital register version. */
export function registerDraft(register: HospitalRegister, o: DraftOptions = {}): ConfigDraft {
  const parsed = HospitalRegisterSchema.safeParse(register);
  if (!parsed.success) throw new ConfigError("E_CONFIG_INVALID", `the register is invalid: ${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message}`);
  return {
    kind: "hospitals",
    label: o.label ?? `${register.id}@${register.version}`,
    ...rangeOf({ from: register.effectiveFrom, toInclusive: register.effectiveTo }, o),
    content: parsed.data,
    source: o.source,
  };
}

/** Reads a register folder (`register.csv`, `hospitals.csv`) into a draft. */
export const importRegisterDir = (dir: string, o: DraftOptions = {}): ConfigDraft => registerDraft(csvResult("register", loadRegisterDir(dir)), { source: `csv:${dir}`, ...o });

/** Reads a register from its two CSV files' contents into a draft. */
export const importRegisterFiles = (files: RegisterCsvFiles, o: DraftOptions = {}): ConfigDraft => registerDraft(csvResult("register", importRegisterCsv(files)), { source: "upload:csv", ...o });
