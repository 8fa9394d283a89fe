import { parseCsvTable, type CsvIssue } from "./csv.ts";
import { createIssueSink, keyValues, validateRow, wholeNumber, type CsvFile, type IssueSink } from "./csv-fields.ts";
import { BaseRateSchema, checkDrgTariff, DrgTariffSchema, TariffSchema, type Tariff } from "./tariff-schema.ts";

/**
 * The CSV form of a tariff version: three files, normally `tariff.csv`, `base-rates.csv` and
 * `drg-weights.csv` in one folder (README.md "Tariff format" documents every column).
 */
export type TariffCsvFiles = { settings: CsvFile; baseRates: CsvFile; drgs: CsvFile };

export type ImportResult<T> = { ok: true; value: T } | { ok: false; issues: CsvIssue[] };

const DRG_COLUMNS: Record<string, string> = {
  drg: "drg",
  weight: "weight",
  meanLos: "mean_los",
  lowTrim: "low_trim",
  highTrim: "high_trim",
  lowDayWeight: "low_day_weight",
  highDayWeight: "high_day_weight",
  sameDayFactor: "same_day_factor",
  description: "description",
};
const RATE_COLUMNS: Record<string, string> = { hospitalClass: "class", region: "region", baseRateSen: "base_rate_sen" };
const SETTING_KEYS: Record<string, string> = {
  id: "id",
  version: "version",
  name: "name",
  effectiveFrom: "effective_from",
  effectiveTo: "effective_to",
  note: "note",
};

const list = (text: string | undefined) => (text ?? "").split(";").map((s) => s.trim()).filter(Boolean);

function readSettings(file: CsvFile, sink: IssueSink) {
  const table = parseCsvTable(file.text, file.file, ["key", "value"]);
  if (!table.ok) return void sink.add(table.issue);
  const kv = keyValues(table.rows);
  const get = (key: string) => kv.get(key)?.value;
  const at = (key: string) => ({ file: file.file, line: kv.get(key)?.line ?? 1, column: key });
  for (const key of ["id", "version", "name", "effective_from", "same_day_factor", "transfer_statuses", "death_statuses", "death_waives_short_stay", "outlier_threshold_sen", "outlier_marginal_rate"]) {
    if (!kv.has(key)) sink.add({ file: file.file, line: 1, column: key, message: `the setting "${key}" is missing` });
  }
  const waive = get("death_waives_short_stay");
  if (waive !== undefined && waive !== "true" && waive !== "false") sink.add({ ...at("death_waives_short_stay"), message: `"${waive}" is not true or false` });
  return {
    at,
    settings: {
      id: get("id") ?? "",
      version: wholeNumber(get("version") ?? "", at("version"), sink),
      name: get("name") ?? "",
      effectiveFrom: get("effective_from") ?? "",
      effectiveTo: get("effective_to") || null,
      note: get("note") || undefined,
      rules: {
        sameDay: { factor: get("same_day_factor") ?? "" },
        transfer: { dischargeStatuses: list(get("transfer_statuses")) },
        death: { dischargeStatuses: list(get("death_statuses")), waiveShortStay: waive === "true" },
        outlier: {
          thresholdSen: wholeNumber(get("outlier_threshold_sen") ?? "", at("outlier_threshold_sen"), sink),
          marginalRate: get("outlier_marginal_rate") ?? "",
        },
      },
    },
  };
}

function readBaseRates(file: CsvFile, sink: IssueSink) {
  const table = parseCsvTable(file.text, file.file, Object.values(RATE_COLUMNS));
  if (!table.ok) return void sink.add(table.issue);
  const seen = new Map<string, number>();
  return table.rows.flatMap(({ line, values }) => {
    const at = { file: file.file, line };
    const row = {
      hospitalClass: values.class,
      region: values.region,
      baseRateSen: wholeNumber(values.base_rate_sen, { ...at, column: "base_rate_sen" }, sink),
    };
    const key = `${row.hospitalClass}|${row.region}`;
    if (seen.has(key)) sink.add({ ...at, column: "region", message: `class ${row.hospitalClass} in region ${row.region} already has a rate on line ${seen.get(key)}` });
    seen.set(key, line);
    const valid = validateRow(BaseRateSchema, row, at, RATE_COLUMNS, sink);
    return valid ? [valid] : [];
  });
}

function readDrgs(file: CsvFile, sink: IssueSink) {
  const required = Object.values(DRG_COLUMNS).filter((c) => c !== "same_day_factor" && c !== "description");
  const table = parseCsvTable(file.text, file.file, required);
  if (!table.ok) return void sink.add(table.issue);
  const seen = new Map<string, number>();
  return table.rows.flatMap(({ line, values }) => {
    const at = { file: file.file, line };
    const row = {
      drg: values.drg,
      weight: values.weight,
      meanLos: values.mean_los,
      lowTrim: wholeNumber(values.low_trim, { ...at, column: "low_trim" }, sink),
      highTrim: wholeNumber(values.high_trim, { ...at, column: "high_trim" }, sink),
      lowDayWeight: values.low_day_weight,
      highDayWeight: values.high_day_weight,
      sameDayFactor: values.same_day_factor || undefined,
      description: values.description || undefined,
    };
    if (seen.has(row.drg)) sink.add({ ...at, column: "drg", message: `DRG ${row.drg} is already listed on line ${seen.get(row.drg)}` });
    seen.set(row.drg, line);
    const valid = validateRow(DrgTariffSchema, row, at, DRG_COLUMNS, sink);
    if (!valid) return [];
    for (const [field, message] of checkDrgTariff(valid)) sink.add({ ...at, column: DRG_COLUMNS[field], message });
    return [valid];
  });
}

/**
 * Imports a tariff version from its CSV files. Every problem names the file, line and column; all of
 * them (up to 50) are reported together so a finance team can fix a file in one pass.
 *
 * @example
 * const result = importTariffCsv({ settings: { file: "tariff.csv", text }, baseRates: {...}, drgs: {...} });
 * if (!result.ok) result.issues.forEach((i) => console.error(formatCsvIssue(i)));
 */
export function importTariffCsv(files: TariffCsvFiles): ImportResult<Tariff> {
  const sink = createIssueSink();
  const settings = readSettings(files.settings, sink);
  const baseRates = readBaseRates(files.baseRates, sink);
  const drgs = readDrgs(files.drgs, sink);
  if (!settings || !baseRates || !drgs) return { ok: false, issues: sink.issues };
  const candidate = { ...settings.settings, baseRates, drgs };
  const parsed = TariffSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [head, ...rest] = issue.path.map(String);
      if (head === "baseRates" || head === "drgs") {
        const file = head === "drgs" ? files.drgs.file : files.baseRates.file;
        // An empty list after bad rows is already explained by the rows' own issues.
        if (sink.issues.length === 0) sink.add({ file, line: 1, message: `${issue.message} (${issue.path.join(".")})` });
        continue;
      }
      const key = head === "rules" ? settingKeyOfRule(rest) : (SETTING_KEYS[head] ?? head);
      sink.add({ ...settings.at(key), message: `${issue.message}` });
    }
  }
  if (!parsed.success || sink.issues.length > 0) return { ok: false, issues: sink.issues };
  const tariff = parsed.data;
  if (tariff.effectiveTo !== null && tariff.effectiveTo < tariff.effectiveFrom) {
    return { ok: false, issues: [{ ...settings.at("effective_to"), message: "the tariff ends before it starts" }] };
  }
  return { ok: true, value: tariff };
}

function settingKeyOfRule(path: string[]): string {
  const [rule, field] = path;
  if (rule === "sameDay") return "same_day_factor";
  if (rule === "transfer") return "transfer_statuses";
  if (rule === "death") return field === "waiveShortStay" ? "death_waives_short_stay" : "death_statuses";
  return field === "thresholdSen" ? "outlier_threshold_sen" : "outlier_marginal_rate";
}
