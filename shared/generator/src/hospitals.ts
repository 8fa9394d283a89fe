import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { hospitalCode, loadDemoRegister, MY_FACILITIES_DIR, parseCsvTable, type Hospital } from "@casemix/pricing";
import { cumulative } from "./random.ts";
import type { Random } from "./random.ts";

/** A hospital that sends claims, with its share of the national volume. */
export type SendingHospital = {
  code: string;
  name: string;
  state: string;
  hospitalClass: string;
  /** Non-ICU beds from the MOH bed-utilisation data; null when the data has no count. */
  beds: number | null;
  /** Share of the national claims (sums to 1 over the chosen hospitals). */
  share: number;
};

export type HospitalPool = { hospitals: Hospital[]; beds: Map<string, number>; registerId: string; from: "facilities-data" | "committed-demo" | "database" };

/**
 * Beds assumed for a hospital whose count the data lacks, by class (the median of the classed
 * hospitals that have a count in the 2024-09 snapshot, rounded), so a hospital without a count still
 * gets a share that fits its kind.
 */
const DEFAULT_BEDS: Record<string, number> = { state: 900, specialist: 400, university: 800, institution: 250, district: 120, military: 150 };

/**
 * The register the validate and price steps use (`loadDemoRegister` of @casemix/pricing: every MOH
 * hospital seeded from ../shared, or the committed fallback), with bed counts where the data has them.
 */
export function loadHospitalPool(): { ok: true; pool: HospitalPool } | { ok: false; message: string } {
  const loaded = loadDemoRegister();
  if (!loaded.ok) return { ok: false, message: `cannot load the hospital register: ${loaded.issues.map((i) => i.message).join("; ")}` };
  return { ok: true, pool: { hospitals: loaded.value.hospitals, beds: readBeds(), registerId: `${loaded.value.id}@${loaded.value.version}`, from: loaded.from } };
}

/** A pool from a register given by the caller (the one in force in a database), with bed counts where the data has them. */
export function registerPool(register: { id: string; hospitals: Hospital[] }): { ok: true; pool: HospitalPool } {
  return { ok: true, pool: { hospitals: register.hospitals, beds: readBeds(), registerId: register.id, from: "database" } };
}

function readBeds(): Map<string, number> {
  const beds = new Map<string, number>();
  const file = join(MY_FACILITIES_DIR, "bedutil_facility.csv");
  if (!existsSync(file)) return beds;
  const table = parseCsvTable(readFileSync(file, "utf8"), file, ["hospital", "state", "beds_nonicu"]);
  if (!table.ok) return beds;
  for (const { values } of table.rows) {
    const n = Number(values.beds_nonicu);
    if (values.beds_nonicu !== "" && n > 0) beds.set(hospitalCode(values.state, values.hospital), n);
  }
  return beds;
}

/**
 * Chooses `count` sending hospitals, weighted by beds (a big hospital is likelier to be chosen and
 * sends more claims). Military hospitals are left out: they are outside MOH casemix funding and the
 * demo tariff prices none of them. Returned sorted by code.
 */
export function chooseHospitals(pool: HospitalPool, count: number, rnd: Random): SendingHospital[] {
  const eligible = pool.hospitals.filter((h) => h.hospitalClass !== "military");
  const weight = (h: Hospital) => pool.beds.get(h.code) ?? DEFAULT_BEDS[h.hospitalClass] ?? 120;
  const chosen: Hospital[] = [];
  const left = [...eligible];
  while (chosen.length < count && left.length > 0) {
    const cum = cumulative(left.map(weight));
    const x = rnd.next() * cum[cum.length - 1];
    const i = Math.min(cum.findIndex((c) => c > x), left.length - 1);
    chosen.push(...left.splice(i < 0 ? left.length - 1 : i, 1));
  }
  const total = chosen.reduce((s, h) => s + weight(h), 0);
  return chosen
    .map((h) => ({ code: h.code, name: h.name, state: h.region, hospitalClass: h.hospitalClass, beds: pool.beds.get(h.code) ?? null, share: weight(h) / total }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
