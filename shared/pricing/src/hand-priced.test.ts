import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCsvTable } from "./csv.ts";
import { DEMO_REGISTER_DIR, loadDemoTariff, loadRegisterDir } from "./files.ts";
import { computePrice } from "./price-claim.ts";
import { compileTariff } from "./tariff.ts";

// fixtures/hand-priced.csv was computed outside the engine (fixtures/hand-compute.py restates the rules
// in exact decimal arithmetic and writes the arithmetic of every row); the engine must match to the sen.
const FIXTURE = resolve(import.meta.dirname, "../fixtures/hand-priced.csv");
const table = parseCsvTable(readFileSync(FIXTURE, "utf8"), FIXTURE, ["case_id", "expected_error", "total_sen"]);
if (!table.ok) throw new Error(table.issue.message);
const rows = table.rows.map((r) => r.values);

const tariffFile = loadDemoTariff();
const registerFile = loadRegisterDir(DEMO_REGISTER_DIR);
if (!tariffFile.ok || !registerFile.ok) throw new Error("the demo tariff or register does not import");
const compiled = compileTariff(tariffFile.value);
if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
const tariff = compiled.tariff;
const hospitals = new Map(registerFile.value.hospitals.map((h) => [h.code, h]));

describe("the hand-priced fixture", () => {
  it("has at least 50 claims covering trim points, same-day, transfer, death, outlier and every class", () => {
    expect(rows.length).toBeGreaterThanOrEqual(50);
    const cases = new Set(rows.map((r) => r.los_case));
    for (const losCase of ["inlier", "short-stay", "long-stay", "same-day", "death-waived", "transfer-per-diem"]) {
      expect(cases).toContain(losCase);
    }
    expect(rows.some((r) => Number(r.outlier_payment_sen) > 0)).toBe(true);
    expect(new Set(rows.map((r) => r.hospital_class))).toEqual(
      new Set(["state", "specialist", "district", "institution", "university", "military"]),
    );
  });

  it.each(rows.map((r) => [`${r.case_id}: ${r.scenario}`, r] as const))("%s", (_name, row) => {
    const hospital = hospitals.get(row.hospital_code);
    expect(hospital, `hospital ${row.hospital_code} is in the demo register`).toBeDefined();
    const result = computePrice(tariff, hospital!, {
      drg: row.drg,
      los: Number(row.los),
      dischargeStatus: row.discharge_status,
      totalChargesSen: row.total_charges_sen === "" ? null : Number(row.total_charges_sen),
    });
    if (row.expected_error) {
      expect(result.ok === false && result.error.code).toBe(row.expected_error);
      return;
    }
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const p = result.price;
    expect({
      base_rate_sen: p.baseRateSen,
      weight: p.weight,
      base_payment_sen: p.basePaymentSen,
      los_case: p.losCase,
      los_adjustment_sen: p.losAdjustmentSen,
      transfer_adjustment_sen: p.transferAdjustmentSen,
      outlier_payment_sen: p.outlierPaymentSen,
      total_sen: p.totalSen,
    }).toEqual({
      base_rate_sen: Number(row.base_rate_sen),
      weight: row.weight,
      base_payment_sen: Number(row.base_payment_sen),
      los_case: row.los_case,
      los_adjustment_sen: Number(row.los_adjustment_sen),
      transfer_adjustment_sen: Number(row.transfer_adjustment_sen),
      outlier_payment_sen: Number(row.outlier_payment_sen),
      total_sen: Number(row.total_sen),
    });
  });
});
