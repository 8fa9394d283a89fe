import { parseCsvTable } from "./csv.ts";
import { createIssueSink, keyValues, validateRow, type CsvFile } from "./csv-fields.ts";
import { HospitalRegisterSchema, HospitalSchema, type Hospital, type HospitalRegister } from "./register-schema.ts";
import type { ImportResult } from "./tariff-csv.ts";

/** The CSV form of a register version: `register.csv` (key,value settings) and `hospitals.csv`. */
export type RegisterCsvFiles = { settings: CsvFile; hospitals: CsvFile };

export const HOSPITAL_COLUMNS = ["code", "name", "class", "region", "effective_from", "effective_to"] as const;
const COLUMN_OF: Record<string, string> = {
  code: "code",
  name: "name",
  hospitalClass: "class",
  region: "region",
  effectiveFrom: "effective_from",
  effectiveTo: "effective_to",
};

/**
 * Imports a hospital register version from CSV; every problem names the file, line and column.
 *
 * @example
 * importRegisterCsv({ settings: { file: "register.csv", text: a }, hospitals: { file: "hospitals.csv", text: b } })
 */
export function importRegisterCsv(files: RegisterCsvFiles): ImportResult<HospitalRegister> {
  const sink = createIssueSink();
  const settingsTable = parseCsvTable(files.settings.text, files.settings.file, ["key", "value"]);
  const hospitalsTable = parseCsvTable(files.hospitals.text, files.hospitals.file, HOSPITAL_COLUMNS);
  if (!settingsTable.ok) sink.add(settingsTable.issue);
  if (!hospitalsTable.ok) sink.add(hospitalsTable.issue);
  if (!settingsTable.ok || !hospitalsTable.ok) return { ok: false, issues: sink.issues };

  const kv = keyValues(settingsTable.rows);
  const seen = new Map<string, number>();
  const hospitals: Hospital[] = [];
  for (const { line, values } of hospitalsTable.rows) {
    const at = { file: files.hospitals.file, line };
    if (seen.has(values.code)) sink.add({ ...at, column: "code", message: `hospital ${values.code} is already listed on line ${seen.get(values.code)}` });
    seen.set(values.code, line);
    const row = {
      code: values.code,
      name: values.name,
      hospitalClass: values.class,
      region: values.region,
      effectiveFrom: values.effective_from,
      effectiveTo: values.effective_to || null,
    };
    const valid = validateRow(HospitalSchema, row, at, COLUMN_OF, sink);
    if (valid) hospitals.push(valid);
  }
  const settings = {
    id: kv.get("id")?.value ?? "",
    version: Number(kv.get("version")?.value ?? Number.NaN),
    effectiveFrom: kv.get("effective_from")?.value ?? "",
    effectiveTo: kv.get("effective_to")?.value || null,
    source: kv.get("source")?.value || undefined,
    hospitals,
  };
  const parsed = HospitalRegisterSchema.safeParse(settings);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = { effectiveFrom: "effective_from", effectiveTo: "effective_to" }[String(issue.path[0])] ?? String(issue.path[0]);
      sink.add({ file: files.settings.file, line: kv.get(key)?.line ?? 1, column: key, message: issue.message });
    }
  }
  if (!parsed.success || sink.issues.length > 0) return { ok: false, issues: sink.issues };
  return { ok: true, value: parsed.data };
}

const quote = (value: string) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** Writes a register's hospitals as `hospitals.csv` text (the inverse of the importer). */
export function hospitalsToCsv(hospitals: readonly Hospital[]): string {
  const lines = hospitals.map((h) =>
    [h.code, h.name, h.hospitalClass, h.region, h.effectiveFrom, h.effectiveTo ?? ""].map(quote).join(","),
  );
  return [HOSPITAL_COLUMNS.join(","), ...lines].join("\n") + "\n";
}
