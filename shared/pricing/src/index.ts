/**
 * @casemix/pricing: versioned tariffs, the hospital register and pure DRG pricing (README.md).
 */
export { divHalfUp, formatRinggit, formatScaled, mulDivHalfUp, parseDecimal } from "./decimal.ts";
export { formatCsvIssue, parseCsv, parseCsvTable, type CsvIssue } from "./csv.ts";
export type { CsvFile } from "./csv-fields.ts";
export * from "./tariff-schema.ts";
export * from "./register-schema.ts";
export {
  compileTariff,
  lookupBaseRate,
  versionInForce,
  MEAN_LOS_SCALE,
  WEIGHT_SCALE,
  type CompiledDrg,
  type CompiledTariff,
  type CompileTariffResult,
  type TariffIssue,
} from "./tariff.ts";
export { importTariffCsv, type ImportResult, type TariffCsvFiles } from "./tariff-csv.ts";
export { importRegisterCsv, hospitalsToCsv, HOSPITAL_COLUMNS, type RegisterCsvFiles } from "./register-csv.ts";
export { findHospital, indexRegister } from "./register.ts";
export { classifyHospital, STATE_HOSPITALS, SPECIALIST_MIN_BEDS, type HospitalClass } from "./hospital-class.ts";
export { hospitalCode, seedRegister, type SeedOptions } from "./seed-register.ts";
export { isTariffRegion, STATE_CODES } from "./regions.ts";
export {
  computePrice,
  priceClaim,
  type ClaimToPrice,
  type DischargeKind,
  type ExplainedPriceResult,
  type LosCase,
  type PriceComponents,
  type PriceResult,
  type Unpriceable,
} from "./price-claim.ts";
export { explainPrice } from "./explain.ts";
export { createPricer, type RegisteredClaim } from "./pricer.ts";
export { applyLosRules, type LosOutcome } from "./los-rules.ts";
export { generateSyntheticTariff, parseDrgList, tariffToCsv, type SyntheticTariffOptions } from "./synthetic-tariff.ts";
export {
  CHS_DRG_LIST,
  DEMO_REGISTER_DIR,
  DEMO_TARIFF_DIR,
  hasFacilitiesData,
  loadDemoRegister,
  loadDemoTariff,
  loadRegisterDir,
  loadTariffDir,
  MY_FACILITIES_DIR,
  seedRegisterFromFacilities,
} from "./files.ts";
