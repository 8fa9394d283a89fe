import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { importRegisterCsv } from "./register-csv.ts";
import type { HospitalRegister } from "./register-schema.ts";
import { seedRegister, type SeedOptions } from "./seed-register.ts";
import { importTariffCsv, type ImportResult } from "./tariff-csv.ts";
import type { Tariff } from "./tariff-schema.ts";

/**
 * The file edge of the pricing package: reading tariff and register folders, and the MOH facilities data
 * beside the checkout. Everything else in the package is pure.
 */

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root (this file is shared/pricing/src/files.ts). */
export const REPO_ROOT = resolve(here, "../../..");
/** The committed demo tariff and register folders. */
export const DEMO_TARIFF_DIR = resolve(here, "../demo/tariff");
export const DEMO_REGISTER_DIR = resolve(here, "../demo/register");
/** The MOH facilities data beside the checkout (`../shared/data/my-facilities/`), never copied in. */
export const MY_FACILITIES_DIR = resolve(REPO_ROOT, "../shared/data/my-facilities");
export const CHS_DRG_LIST = resolve(REPO_ROOT, "../shared/data/chs-drg-1.1/3_DRG.txt");

const read = (dir: string, name: string) => ({ file: join(dir, name), text: readFileSync(join(dir, name), "utf8") });

/** Reads a tariff folder (`tariff.csv`, `base-rates.csv`, `drg-weights.csv`). */
export function loadTariffDir(dir: string): ImportResult<Tariff> {
  return importTariffCsv({ settings: read(dir, "tariff.csv"), baseRates: read(dir, "base-rates.csv"), drgs: read(dir, "drg-weights.csv") });
}

/** Reads a register folder (`register.csv`, `hospitals.csv`). */
export function loadRegisterDir(dir: string): ImportResult<HospitalRegister> {
  return importRegisterCsv({ settings: read(dir, "register.csv"), hospitals: read(dir, "hospitals.csv") });
}

/** True when the MOH facilities data is beside the checkout. */
export function hasFacilitiesData(dir = MY_FACILITIES_DIR): boolean {
  return existsSync(join(dir, "facilities_master.csv")) && existsSync(join(dir, "bedutil_facility.csv"));
}

/** Builds the register of all MOH hospitals from `../shared/data/my-facilities/` at run time. */
export function seedRegisterFromFacilities(options: SeedOptions, dir = MY_FACILITIES_DIR): ImportResult<HospitalRegister> {
  return seedRegister({ facilities: read(dir, "facilities_master.csv"), beds: read(dir, "bedutil_facility.csv") }, options);
}

/**
 * The demo register: every MOH hospital seeded from `../shared` when it is there, else the handful of
 * hospitals committed in demo/register/ (facts only: codes, names, classes, states).
 */
export function loadDemoRegister(): ImportResult<HospitalRegister> & { from: "facilities-data" | "committed-demo" } {
  if (hasFacilitiesData()) {
    const demo = loadRegisterDir(DEMO_REGISTER_DIR);
    if (!demo.ok) return { ...demo, from: "committed-demo" };
    const { id, version, effectiveFrom, effectiveTo } = demo.value;
    return { ...seedRegisterFromFacilities({ id, version, effectiveFrom, effectiveTo }), from: "facilities-data" };
  }
  return { ...loadRegisterDir(DEMO_REGISTER_DIR), from: "committed-demo" };
}

/** The committed demo tariff (illustrative, not for payment). */
export function loadDemoTariff(): ImportResult<Tariff> {
  return loadTariffDir(DEMO_TARIFF_DIR);
}
