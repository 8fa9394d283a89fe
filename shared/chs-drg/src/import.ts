import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { AdrgRule, Condition, DefinitionPackage, DiagnosisRow, DrgRow, ListRow, MdcRule, ProcedureRow } from "@casemix/grouper";
import { parseAdrgText, parseMdcTable, parseTitles, type AdrgText, type CodeLine } from "./parse-tables.ts";
import {
  ADRG_ORDER_OVERRIDES,
  CATCH_ALL_ADRGS,
  CHECKS,
  MDC_ORDER,
  mdcEntry,
  minSeverityOfDigit,
  NEONATAL_ADRGS,
  NEONATE,
  OR_LIST,
  partitionOf,
  REFERENCE_ADDITIONS,
  WEIGHT_BANDS,
} from "./semantics.ts";

export type ImportOptions = { effectiveFrom?: string; effectiveTo?: string | null; version?: string };

/**
 * Imports the CHS-DRG 1.1 tables of `dir` (the layout of ../shared/data/chs-drg-1.1) into a
 * definition package. Throws TableParseError naming file and line on a line it cannot read.
 * @example
 * const pkg = importChsDrg("../shared/data/chs-drg-1.1");
 * const def = compileDefinition(pkg);
 */
export function importChsDrg(dir: string, options: ImportOptions = {}): DefinitionPackage {
  const read = (f: string) => readFileSync(join(dir, f), "utf8");
  const json = <T>(f: string): T => JSON.parse(read(f)) as T;
  const mdcTitles = new Map(parseTitles("1_MDC.txt", read("1_MDC.txt")).map((c) => [c.code, c.name]));
  const adrgTitles = parseTitles("2_ADRG.txt", read("2_ADRG.txt"));
  const drgTitles = parseTitles("3_DRG.txt", read("3_DRG.txt"));
  const lists: ListRow[] = [];
  const dxNames = new Map<string, string>();
  const pxNames = new Map<string, string>();
  const addList = (list: string, codes: CodeLine[], names: Map<string, string>, groups?: (string | null)[]) => {
    const seen = new Set<string>();
    codes.forEach((c, i) => {
      if (!names.has(c.code)) names.set(c.code, c.name);
      if (seen.has(c.code)) return; // duplicate lines in the source (LOGIC.md §10: cosmetic)
      seen.add(c.code);
      lists.push({ list, code: c.code, group: groups?.[i] ?? null });
    });
  };
  const extra = (owner: string, kind: "mdc" | "mainProcedure"): CodeLine[] =>
    REFERENCE_ADDITIONS.filter((a) => a.owner === owner && a.list === kind).flatMap((a) => a.codes.map((code) => ({ code, name: "" })));

  const orCodes = json<string[]>("grouper-data/SS_VALID.json");
  addList(OR_LIST, orCodes.map((code) => ({ code, name: "" })), pxNames);

  const mdcs: MdcRule[] = [];
  const mdcFiles = new Set(readdirSync(join(dir, "MDC")));
  for (const mdc of MDC_ORDER) {
    const file = `MDC/${mdc}.dat`;
    if (!mdcFiles.has(`${mdc}.dat`)) throw new Error(`${file}: missing`);
    const table = parseMdcTable(file, read(file));
    if (mdc === "MDCZ") addList(mdc, table.codes, dxNames, table.regions);
    else addList(mdc, [...table.codes, ...extra(mdc, "mdc")], dxNames);
    mdcs.push({ id: `mdc.${mdc}`, mdc, name: mdcTitles.get(mdc) ?? mdc, when: mdcEntry(mdc, mdc) });
  }

  const adrgs: AdrgRule[] = [];
  for (const mdc of MDC_ORDER) {
    const letter = mdc.slice(3);
    const codes = orderAdrgs(adrgTitles.filter((a) => a.code.startsWith(letter)).map((a) => a.code));
    for (const adrg of codes) {
      const file = `ADRG/${adrg}.dat`;
      const text = parseAdrgText(file, read(file));
      text.mainProcedure.push(...extra(adrg, "mainProcedure"));
      const when = adrgCondition(adrg, text, (suffix, codes, kind) => addList(`${adrg}.${suffix}`, codes, kind === "dx" ? dxNames : pxNames));
      const name = adrgTitles.find((a) => a.code === adrg)!.name;
      adrgs.push({ id: adrg, adrg, mdc, name, partition: partitionOf(adrg), when });
    }
  }

  const drgs: DrgRow[] = drgTitles
    .map((d) => ({ drg: d.code, adrg: d.code.slice(0, 3), minSeverity: minSeverityOfDigit(d.code.slice(3)), name: d.name }))
    .sort((a, b) => (a.drg < b.drg ? -1 : a.drg > b.drg ? 1 : 0));

  return {
    manifest: {
      id: "chs-drg",
      version: options.version ?? "1.1",
      name: "CHS-DRG 1.1 (China Healthcare Security DRG, NHSA 2021)",
      effectiveFrom: options.effectiveFrom ?? "2021-05-01",
      effectiveTo: options.effectiveTo ?? null,
      illustrative: false,
      description: "Imported by @casemix/chs-drg from the OpenDRG plain-text tables; see LOGIC.md of the source data.",
      ungrouped: { mdc: "0000", adrg: "00", drg: "0000" },
      severityLevels: ["CC", "MCC"],
      // README: ZD_INFO/SS_INFO name codes but are no validity edit; the reference ignores unknown codes.
      edits: { unknownDiagnosis: "warning", unknownProcedure: "warning" },
      // The reference checks no code syntax (LOGIC.md §2).
      codeSyntax: { diagnosis: null, procedure: null },
      checks: CHECKS,
    },
    rules: { mdcs, adrgs },
    diagnoses: diagnosisRows(read, dxNames),
    procedures: procedureRows(read, pxNames),
    lists,
    drgs,
  };
}

/** Alphabetical, except that an override moves an ADRG before the ones it names. */
function orderAdrgs(codes: string[]): string[] {
  const sorted = [...codes].sort();
  for (const [first, before] of Object.entries(ADRG_ORDER_OVERRIDES)) {
    const at = sorted.indexOf(first);
    const target = Math.min(...before.map((b) => sorted.indexOf(b)).filter((i) => i >= 0));
    if (at < 0 || !Number.isFinite(target) || target > at) continue;
    sorted.splice(at, 1);
    sorted.splice(target, 0, first);
  }
  return sorted;
}

type AddList = (suffix: string, codes: CodeLine[], kind: "dx" | "px") => void;

/** The rule of one ADRG from its sections; LOGIC.md §4 gives the meaning of each section. */
function adrgCondition(adrg: string, t: AdrgText, add: AddList): Condition {
  const parts: Condition[] = [];
  const list = (suffix: string, codes: CodeLine[], kind: "dx" | "px"): string => {
    add(suffix, codes, kind);
    return `${adrg}.${suffix}`;
  };
  if (t.principal.length > 0) {
    const name = list("principal", t.principal, "dx");
    if (!CATCH_ALL_ADRGS.has(adrg)) parts.push({ principalIn: name });
  }
  if (t.mainProcedure.length > 0) parts.push({ mainProcedureIn: list("main-procedure", t.mainProcedure, "px") });
  if (t.bothFirst.length > 0 || t.bothSecond.length > 0) {
    parts.push({ anyProcedureIn: list("procedures-1", t.bothFirst, "px") }, { anyProcedureIn: list("procedures-2", t.bothSecond, "px") });
  }
  if (t.anyDiagnosis.length > 0) parts.push({ anyDiagnosisIn: list("diagnoses", t.anyDiagnosis, "dx") });
  if (t.anyOrProcedure) parts.push({ mainProcedureIn: OR_LIST });
  if (t.noOrProcedure) parts.push({ not: { anyProcedureIn: OR_LIST } });
  if (t.tableCombos.length > 0) parts.push(tableCombos(t, list));
  if (NEONATAL_ADRGS.has(adrg)) parts.push(NEONATE);
  if (WEIGHT_BANDS[adrg]) parts.push(WEIGHT_BANDS[adrg]);
  if (parts.length === 0) return { always: true };
  return parts.length === 1 ? parts[0] : { all: parts };
}

/** LOGIC.md §4: a code listed in two surgery tables counts for the first table it appears in. */
function tableCombos(t: AdrgText, list: (suffix: string, codes: CodeLine[], kind: "px") => string): Condition {
  const seen = new Set<string>();
  const names = new Map<number, string>();
  for (const n of [...t.tables.keys()].sort((a, b) => a - b)) {
    const own = t.tables.get(n)!.filter((c) => !seen.has(c.code));
    own.forEach((c) => seen.add(c.code));
    names.set(n, list(`table-${n}`, own, "px"));
  }
  const alternatives: Condition[] = t.tableCombos.map((combo) => ({ all: combo.map((n) => ({ anyProcedureIn: names.get(n)! })) }));
  return alternatives.length === 1 ? alternatives[0] : { any: alternatives };
}

function diagnosisRows(read: (f: string) => string, listNames: Map<string, string>): DiagnosisRow[] {
  const info = JSON.parse(read("codes/ZD_INFO.json")) as Record<string, string>;
  const mcc = JSON.parse(read("grouper-data/MCC.json")) as Record<string, string>;
  const cc = JSON.parse(read("grouper-data/CC.json")) as Record<string, string>;
  const cce = JSON.parse(read("grouper-data/CCE.json")) as Record<string, string>;
  const codes = new Set([...Object.keys(info), ...listNames.keys(), ...Object.keys(mcc), ...Object.keys(cc), ...Object.keys(cce)]);
  // "999" stands for 无, no exclusion table (README, grouper-data).
  const table = (t: string | undefined) => (t === undefined || t === "999" ? null : `7-${t}`);
  return [...codes].sort().map((code) => ({
    code,
    name: info[code] ?? listNames.get(code) ?? "",
    severity: code in mcc ? "MCC" : code in cc ? "CC" : null,
    ccExclusion: table(mcc[code] ?? cc[code]),
    pdxExclusion: table(cce[code]),
    sex: null,
    ageMin: null,
    ageMax: null,
  }));
}

function procedureRows(read: (f: string) => string, listNames: Map<string, string>): ProcedureRow[] {
  const info = JSON.parse(read("codes/SS_INFO.json")) as Record<string, string>;
  const codes = new Set([...Object.keys(info), ...listNames.keys()]);
  return [...codes].sort().map((code) => ({ code, name: info[code] ?? listNames.get(code) ?? "", sex: null, ageMin: null, ageMax: null }));
}
