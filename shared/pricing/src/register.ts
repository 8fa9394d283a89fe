import type { Hospital, HospitalRegister } from "./register-schema.ts";

const covers = (h: Hospital, date: string) => h.effectiveFrom <= date && (h.effectiveTo === null || date <= h.effectiveTo);

/** Finds a hospital by code whose own effective range (inclusive) covers the date. */
export function findHospital(register: HospitalRegister, code: string, date: string): Hospital | undefined {
  return register.hospitals.find((h) => h.code === code && covers(h, date));
}

/**
 * Indexes the hospitals in force on a date by code, for batch pricing (one lookup per claim instead of a
 * scan). A period's claims are priced with the register as it stood on the period's last day.
 */
export function indexRegister(register: HospitalRegister, date: string): Map<string, Hospital> {
  const index = new Map<string, Hospital>();
  for (const hospital of register.hospitals) if (covers(hospital, date)) index.set(hospital.code, hospital);
  return index;
}
