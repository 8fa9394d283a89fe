import { CLAIM_CSV_COLUMNS, csvCell } from "./claim-csv.ts";

/**
 * A small seeded generator of claim CSV files for tests and benchmarks (the national generator is
 * a separate, fuller piece). Claims use codes of the demo definition that carry no sex or age
 * edits, so a "valid" row passes validate; a known share of rows is made invalid or a probable
 * duplicate on purpose, and each row says which, so a test knows the exact counts to expect.
 */
export type GeneratedKind = "valid" | "probable-duplicate" | "invalid-dx" | "invalid-dates" | "invalid-missing-pdx" | "invalid-date-format";

export type GeneratedRow = { line: string; kind: GeneratedKind; claimNumber: string };

export type GenerateOptions = {
  seed: number;
  count: number;
  hospitalCode: string;
  /** First month of discharges, `YYYY-MM`; stays spread over `months` months. */
  fromMonth?: string;
  months?: number;
  /** Share of rows made invalid on purpose. */
  invalidRate?: number;
  /** Share of rows that repeat the previous row's patient with an overlapping stay. */
  probableDuplicateRate?: number;
  /** Prefix of claim numbers (so two generated files can differ or collide on purpose). */
  claimPrefix?: string;
};

const PRINCIPALS = ["I21.9", "I63.9", "J18.9", "K35.8", "K80.2", "G40.9", "G45.9", "I50.9", "N17.9", "K29.7", "E11.9", "I10"];
const SECONDARIES = ["D62", "E87.1", "E11.9", "I10", "N17.9", "J96.0", "I48.9", "K92.2"];
const PROCEDURES = ["37.22", "88.72", "47.01", "51.23", "36.07", "00.66", "31.1"];
const DEPARTMENTS = ["MED", "SURG", "CARD", "NEURO", ""];
const ADMISSION_TYPES = ["emergency", "elective", "transfer"];
const DISCHARGE_STATUSES = ["1", "1", "1", "1", "2", "3", "4", "5", "9"];
const INVALID: GeneratedKind[] = ["invalid-dx", "invalid-dates", "invalid-missing-pdx", "invalid-date-format"];

/** mulberry32: a tiny, fast, well-mixed 32-bit PRNG, enough for test data. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The header line of generated files. */
export const GENERATED_HEADER = CLAIM_CSV_COLUMNS.join(",");

/**
 * Yields one CSV line per claim (without the header or line ends).
 *
 * @example
 * const out = [GENERATED_HEADER];
 * for (const row of generateClaimRows({ seed: 1, count: 10, hospitalCode: "H10-DEC915" })) out.push(row.line);
 */
export function* generateClaimRows(options: GenerateOptions): Generator<GeneratedRow> {
  const { seed, count, hospitalCode, fromMonth = "2026-01", months = 6, invalidRate = 0.02, probableDuplicateRate = 0.01, claimPrefix = "C" } = options;
  const rnd = createRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const start = Date.UTC(Number(fromMonth.slice(0, 4)), Number(fromMonth.slice(5, 7)) - 1, 1);
  const spanDays = Math.floor(months * 30.4) - 1;
  let previous: { patientId: string; dob: string; sex: string; admission: number; discharge: number } | undefined;
  for (let n = 1; n <= count; n++) {
    const r = rnd();
    const kind: GeneratedKind = r < invalidRate ? pick(INVALID) : r < invalidRate + probableDuplicateRate && previous ? "probable-duplicate" : "valid";
    const claimNumber = `${claimPrefix}${String(n).padStart(8, "0")}`;
    let admission: number, discharge: number, patientId: string, dob: string, sex: string;
    if (kind === "probable-duplicate" && previous) {
      ({ patientId, dob, sex } = previous);
      admission = previous.admission;
      discharge = previous.discharge + DAY * Math.floor(rnd() * 2);
    } else {
      discharge = start + DAY * Math.floor(rnd() * spanDays);
      admission = discharge - DAY * Math.floor(rnd() * rnd() * 20);
      const ageYears = 18 + Math.floor(rnd() * 72);
      const dobMs = admission - DAY * Math.floor(ageYears * 365.25 + rnd() * 300);
      dob = iso(dobMs);
      sex = rnd() < 0.5 ? "M" : "F";
      patientId = `${dob.slice(2, 4)}${dob.slice(5, 7)}${dob.slice(8, 10)}-${String(1 + (n % 16)).padStart(2, "0")}-${String(n).padStart(6, "0")}`;
      // Only a valid claim can be the first of a probable-duplicate pair.
      previous = kind === "valid" ? { patientId, dob, sex, admission, discharge } : undefined;
    }
    let admissionDate = iso(admission);
    let dischargeDate = iso(discharge);
    let pdx = pick(PRINCIPALS);
    const sdx = Array.from({ length: Math.floor(rnd() * 4) }, () => pick(SECONDARIES)).filter((c, i, a) => c !== pdx && a.indexOf(c) === i);
    const procs = Array.from({ length: Math.floor(rnd() * 3) }, () => pick(PROCEDURES)).filter((c, i, a) => a.indexOf(c) === i);
    const procDates = procs.map(() => iso(admission + DAY * Math.floor(rnd() * ((discharge - admission) / DAY + 1))));
    if (kind === "invalid-dx") pdx = "XX9.99";
    if (kind === "invalid-missing-pdx") pdx = "";
    if (kind === "invalid-dates") [admissionDate, dischargeDate] = [iso(discharge + 3 * DAY), dischargeDate];
    if (kind === "invalid-date-format") dischargeDate = `${dischargeDate.slice(8, 10)}/${dischargeDate.slice(5, 7)}/${dischargeDate.slice(0, 4)}`;
    if (kind === "invalid-dates" && procs.length > 0) procDates.fill("");
    const charges = `${1000 + Math.floor(rnd() * 90_000)}.${String(Math.floor(rnd() * 100)).padStart(2, "0")}`;
    const fields = [
      hospitalCode, claimNumber, patientId, admissionDate, dischargeDate, pick(ADMISSION_TYPES), pick(DISCHARGE_STATUSES), sex, dob, "",
      pdx, sdx.join("|"), procs.join("|"), procDates.join("|"), pick(DEPARTMENTS), charges,
    ];
    yield { line: fields.map(csvCell).join(","), kind, claimNumber };
  }
}
