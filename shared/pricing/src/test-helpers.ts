import type { Hospital } from "./register-schema.ts";
import { compileTariff, type CompiledTariff } from "./tariff.ts";
import type { Tariff } from "./tariff-schema.ts";

/** A small tariff with round numbers for unit tests (the hand-priced fixture uses the demo tariff). */
export function testTariff(overrides: Partial<Tariff> = {}): Tariff {
  return {
    id: "test",
    version: 1,
    name: "Unit-test tariff",
    effectiveFrom: "2027-01-01",
    effectiveTo: null,
    baseRates: [
      { hospitalClass: "state", region: "*", baseRateSen: 400000 },
      { hospitalClass: "state", region: "Sabah", baseRateSen: 440000 },
    ],
    drgs: [
      { drg: "A", weight: "1.0000", meanLos: "5.00", lowTrim: 2, highTrim: 10, lowDayWeight: "0.1000", highDayWeight: "0.0500" },
      { drg: "DAY", weight: "0.5000", meanLos: "1.00", lowTrim: 0, highTrim: 2, lowDayWeight: "0.0000", highDayWeight: "0.0500", sameDayFactor: "1.0000" },
    ],
    rules: {
      sameDay: { factor: "0.5000" },
      transfer: { dischargeStatuses: ["2"] },
      death: { dischargeStatuses: ["5"], waiveShortStay: true },
      outlier: { thresholdSen: 1_000_000, marginalRate: "0.8000" },
    },
    ...overrides,
  };
}

export function compiledTestTariff(overrides: Partial<Tariff> = {}): CompiledTariff {
  const compiled = compileTariff(testTariff(overrides));
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
  return compiled.tariff;
}

export const stateHospital: Hospital = {
  code: "H14-000001",
  name: "Test state hospital",
  hospitalClass: "state",
  region: "W.P. Kuala Lumpur",
  effectiveFrom: "2020-01-01",
  effectiveTo: null,
};
