import { readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { statSync } from "node:fs";
import { parseArgs } from "node:util";
import { lengthOfStay, ringgitToSen } from "@casemix/claims";
import {
  compileTariff,
  createPricer,
  explainPrice,
  formatCsvIssue,
  importRegisterCsv,
  indexRegister,
  loadDemoRegister,
  loadRegisterDir,
  loadTariffDir,
  parseCsvTable,
  type CompiledTariff,
  type CsvIssue,
  type HospitalRegister,
  type PriceResult,
} from "@casemix/pricing";

export const summary = "price a grouped claims CSV: --tariff <dir> --register <dir|hospitals.csv|demo> --input <grouped.csv> --output <priced.csv>";

const USAGE = `usage: casemix price --tariff <dir> --register <dir|hospitals.csv|demo> --input <grouped.csv> --output <priced.csv> [--explain]

Prices every grouped claim of a CSV with one tariff version (a folder of tariff.csv, base-rates.csv,
drg-weights.csv; see shared/pricing/README.md) and the hospital register (a folder of register.csv +
hospitals.csv, a hospitals.csv alone, or "demo"). Pure: files in, file out, no database.

Input columns (header names; extra columns are ignored):
  claim_id (or case_id), hospital_code, drg, discharge_status     required
  los, or admission_date + discharge_date (YYYY-MM-DD)            length of stay
  total_charges_sen, or total_charges (ringgit, "1234.50")        optional: no outlier test without
  discharge_date                                                  optional: checked against the tariff's range
  status                                                          optional: rows not "grouped" are skipped
Output: one row per claim with every component in integer sen (error_code set when unpriceable),
and with --explain the formula in words. Exit codes: 0 done, 1 bad input file, 2 bad arguments.`;

const OUTPUT_COLUMNS = [
  "claim_id", "hospital_code", "hospital_class", "region", "drg", "los", "discharge_status", "tariff_version_id",
  "base_rate_sen", "weight", "base_payment_sen", "los_case", "los_adjustment_sen", "transfer_adjustment_sen",
  "total_charges_sen", "outlier_payment_sen", "total_sen", "error_code", "error_message",
] as const;

const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined ? "" : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Loads a register: "demo", a folder, or a hospitals.csv alone (then in force on every date). */
export function loadRegister(spec: string): { ok: true; register: HospitalRegister } | { ok: false; message: string } {
  const fail = (issues: CsvIssue[]) => ({ ok: false as const, message: issues.map(formatCsvIssue).join("\n") });
  if (spec === "demo") {
    const r = loadDemoRegister();
    return r.ok ? { ok: true, register: r.value } : fail(r.issues);
  }
  let isDir: boolean;
  try {
    isDir = statSync(spec).isDirectory();
  } catch {
    return { ok: false, message: `--register ${spec}: no such file or folder` };
  }
  if (isDir) {
    const r = loadRegisterDir(spec);
    return r.ok ? { ok: true, register: r.value } : fail(r.issues);
  }
  const settings = "key,value\nid,cli-register\nversion,1\neffective_from,1900-01-01\neffective_to,\n";
  const r = importRegisterCsv({ settings: { file: "(implied register.csv)", text: settings }, hospitals: { file: basename(spec), text: readFileSync(spec, "utf8") } });
  return r.ok ? { ok: true, register: r.value } : fail(r.issues);
}

type Row = { line: number; values: Record<string, string> };

/** Turns one input row into what the pricer takes, or an error naming the column. */
function claimOf(row: Row): { ok: true; claim: Parameters<ReturnType<typeof createPricer>>[0] } | { ok: false; column: string; message: string } {
  const v = row.values;
  let los: number;
  if (v.los !== undefined && v.los !== "") {
    if (!/^\d+$/.test(v.los)) return { ok: false, column: "los", message: `"${v.los}" is not a whole number of days` };
    los = Number(v.los);
  } else if (v.admission_date && v.discharge_date) {
    los = lengthOfStay(v.admission_date, v.discharge_date);
    if (!Number.isInteger(los) || los < 0) return { ok: false, column: "admission_date", message: "admission is after discharge or a date is not YYYY-MM-DD" };
  } else return { ok: false, column: "los", message: "give los, or admission_date and discharge_date" };
  let charges: number | null = null;
  if (v.total_charges_sen) {
    if (!/^\d+$/.test(v.total_charges_sen)) return { ok: false, column: "total_charges_sen", message: `"${v.total_charges_sen}" is not whole sen` };
    charges = Number(v.total_charges_sen);
  } else if (v.total_charges) {
    if (!/^\d+(\.\d{1,2})?$/.test(v.total_charges)) return { ok: false, column: "total_charges", message: `"${v.total_charges}" is not ringgit like 1234.50` };
    charges = ringgitToSen(v.total_charges);
  }
  return {
    ok: true,
    claim: { hospitalCode: v.hospital_code, drg: v.drg, los, dischargeStatus: v.discharge_status, totalChargesSen: charges, ...(v.discharge_date ? { dischargeDate: v.discharge_date } : {}) },
  };
}

/** Prices rows with one tariff and register; returns the output CSV text and counts. */
export function priceRows(rows: readonly Row[], tariff: CompiledTariff, register: HospitalRegister, explain: boolean, file: string) {
  const header = [...OUTPUT_COLUMNS, ...(explain ? ["formula"] : [])];
  const lines = [header.join(",")];
  const pricers = new Map<string, ReturnType<typeof createPricer>>();
  const pricerOn = (date: string) => pricers.get(date) ?? pricers.set(date, createPricer(tariff, indexRegister(register, date))).get(date)!;
  const counts = { priced: 0, unpriceable: 0, skipped: 0, totalSen: 0n };
  for (const row of rows) {
    const v = row.values;
    if (v.status !== undefined && v.status !== "grouped") {
      counts.skipped++;
      continue;
    }
    const id = v.claim_id ?? v.case_id ?? "";
    const parsed = claimOf(row);
    let result: PriceResult;
    if (!parsed.ok) {
      result = { ok: false, error: { code: "E_INPUT_INVALID" as never, field: parsed.column, message: `${file}:${row.line} column "${parsed.column}": ${parsed.message}`, tariffVersionId: tariff.versionId } };
    } else result = pricerOn(v.discharge_date || tariff.effectiveFrom)(parsed.claim);
    const p = result.ok ? result.price : undefined;
    if (result.ok) {
      counts.priced++;
      counts.totalSen += BigInt(result.price.totalSen);
    } else counts.unpriceable++;
    const out = [
      id, v.hospital_code, p?.hospitalClass, p?.region, v.drg, p?.los ?? v.los, v.discharge_status, result.ok ? p!.tariffVersionId : result.error.tariffVersionId,
      p?.baseRateSen, p?.weight, p?.basePaymentSen, p?.losCase, p?.losAdjustmentSen, p?.transferAdjustmentSen,
      p?.totalChargesSen, p?.outlierPaymentSen, p?.totalSen ?? 0, result.ok ? "" : result.error.code, result.ok ? "" : result.error.message,
      ...(explain ? [p ? explainPrice(p) : ""] : []),
    ];
    lines.push(out.map(csvCell).join(","));
  }
  return { text: lines.join("\n") + "\n", counts };
}

/** `casemix price`: prices a grouped claims CSV into a priced CSV. */
export async function run(args: string[]): Promise<number> {
  let opts;
  try {
    opts = parseArgs({ args, options: {
      tariff: { type: "string" }, register: { type: "string", default: "demo" }, input: { type: "string" }, output: { type: "string" },
      explain: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false },
    } }).values;
  } catch (e) {
    console.error(`casemix price: ${e instanceof Error ? e.message : e}\n${USAGE}`);
    return 2;
  }
  if (opts.help) return console.log(USAGE), 0;
  if (!opts.tariff || !opts.input || !opts.output) {
    console.error(`casemix price: --tariff, --input and --output are required\n${USAGE}`);
    return 2;
  }
  const loaded = loadTariffDir(opts.tariff);
  if (!loaded.ok) return console.error(`casemix price: tariff ${opts.tariff}:\n${loaded.issues.map(formatCsvIssue).join("\n")}`), 1;
  const compiled = compileTariff(loaded.value);
  if (!compiled.ok) return console.error(`casemix price: tariff ${opts.tariff}: ${compiled.issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`), 1;
  const register = loadRegister(opts.register!);
  if (!register.ok) return console.error(`casemix price: register ${opts.register}:\n${register.message}`), 1;
  let text: string;
  try {
    text = readFileSync(opts.input, "utf8");
  } catch (e) {
    return console.error(`casemix price: cannot read ${opts.input}: ${(e as Error).message}`), 1;
  }
  const file = basename(opts.input);
  const table = parseCsvTable(text, file, ["hospital_code", "drg", "discharge_status"]);
  if (!table.ok) return console.error(`casemix price: ${formatCsvIssue(table.issue)}`), 1;
  if (table.rows.length > 0 && !("claim_id" in table.rows[0].values) && !("case_id" in table.rows[0].values)) {
    return console.error(`casemix price: ${file}:1: the header has no column "claim_id" (or "case_id")`), 1;
  }
  const started = performance.now();
  const { text: out, counts } = priceRows(table.rows, compiled.tariff, register.register, opts.explain!, file);
  writeFileSync(join(dirname(opts.output), basename(opts.output)), out);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${counts.priced} priced, ${counts.unpriceable} unpriceable, ${counts.skipped} skipped (not grouped); total ${counts.totalSen} sen with ${compiled.tariff.versionId}; ${seconds.toFixed(2)} s -> ${opts.output}`,
  );
  return 0;
}

/** Printed by `casemix price --help` (main.ts), which never runs the command. */
export const usage = USAGE;
