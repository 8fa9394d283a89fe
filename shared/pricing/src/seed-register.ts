import { createHash } from "node:crypto";
import { parseCsvTable, type CsvIssue } from "./csv.ts";
import type { CsvFile } from "./csv-fields.ts";
import { baseName, classifyHospital } from "./hospital-class.ts";
import { HospitalRegisterSchema, type Hospital, type HospitalRegister } from "./register-schema.ts";
import { STATE_CODES } from "./regions.ts";
import type { ImportResult } from "./tariff-csv.ts";

/**
 * A stable hospital code for demo data: "H" + the state's ISO 3166-2:MY number + "-" + six hex digits of
 * the SHA-256 of the lower-cased name. The MOH open data carries no facility codes, and a code derived
 * from the name (not from a row number) does not change when another hospital is added to a snapshot.
 *
 * @example
 * hospitalCode("Johor", "Hospital Sultanah Aminah, Johor Bahru") // "H01-" + 6 hex digits
 */
export function hospitalCode(state: string, name: string): string {
  const digest = createHash("sha256").update(baseName(name).toLowerCase()).digest("hex").slice(0, 6).toUpperCase();
  return `H${STATE_CODES[state] ?? "00"}-${digest}`;
}

export type SeedOptions = { id: string; version: number; effectiveFrom: string; effectiveTo?: string | null };

function bedCounts(beds: CsvFile): Map<string, number> | CsvIssue {
  const table = parseCsvTable(beds.text, beds.file, ["hospital", "state", "beds_nonicu"]);
  if (!table.ok) return table.issue;
  const counts = new Map<string, number>();
  for (const { values } of table.rows) {
    const count = Number(values.beds_nonicu);
    // Blank, zero and negative counts (the snapshot has a -4) say nothing about size; leave them out.
    if (values.beds_nonicu !== "" && count > 0) counts.set(`${values.state}|${baseName(values.hospital).toLowerCase()}`, count);
  }
  return counts;
}

/**
 * Builds a hospital register from the MOH facilities data (hospitals only), classing each hospital by
 * the rules of hospital-class.ts. Pure: the caller reads the files (see seed-files.ts).
 *
 * @example
 * seedRegister({ facilities, beds }, { id: "my-moh", version: 1, effectiveFrom: "2027-01-01" })
 */
export function seedRegister(files: { facilities: CsvFile; beds: CsvFile }, options: SeedOptions): ImportResult<HospitalRegister> {
  const facilities = parseCsvTable(files.facilities.text, files.facilities.file, ["state", "type", "name"]);
  if (!facilities.ok) return { ok: false, issues: [facilities.issue] };
  const counts = bedCounts(files.beds);
  if (!(counts instanceof Map)) return { ok: false, issues: [counts] };
  const hospitals: Hospital[] = [];
  const issues: CsvIssue[] = [];
  const codes = new Map<string, number>();
  for (const { line, values } of facilities.rows) {
    if (values.type !== "hospital") continue;
    const code = hospitalCode(values.state, values.name);
    if (!STATE_CODES[values.state]) issues.push({ file: files.facilities.file, line, column: "state", message: `unknown state "${values.state}"` });
    if (codes.has(code)) issues.push({ file: files.facilities.file, line, column: "name", message: `code ${code} repeats line ${codes.get(code)}` });
    codes.set(code, line);
    const beds = counts.get(`${values.state}|${baseName(values.name).toLowerCase()}`);
    hospitals.push({
      code,
      name: values.name,
      hospitalClass: classifyHospital(values.name, values.state, beds),
      region: values.state,
      effectiveFrom: options.effectiveFrom,
      effectiveTo: options.effectiveTo ?? null,
    });
  }
  if (issues.length > 0) return { ok: false, issues };
  hospitals.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const register = HospitalRegisterSchema.parse({
    id: options.id,
    version: options.version,
    effectiveFrom: options.effectiveFrom,
    effectiveTo: options.effectiveTo ?? null,
    source: `${files.facilities.file} (MOH Malaysia open data), hospitals only`,
    hospitals,
  });
  return { ok: true, value: register };
}
