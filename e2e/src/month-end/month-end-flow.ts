import { expect } from "vitest";
import type { TestIssuer } from "@casemix/auth";
import type { Db } from "@casemix/db";
import { computePrice, indexRegister, type CompiledTariff, type Hospital } from "@casemix/pricing";
import { tariffVersion2, type SeededClaim } from "@casemix/fn-price";
import type { EmbeddedMesh } from "@casemix/runtime";
import { compile, demoVersions } from "./harness.ts";

/** The independent expectation: each seeded claim priced by the pure engine, summed in BigInt. */
export function expectedPrices(claims: readonly SeededClaim[], tariff: CompiledTariff, hospitals: ReadonlyMap<string, Hospital>): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of claims) {
    const h = hospitals.get(c.hospitalCode);
    const r = h && computePrice(tariff, h, { drg: c.drg, los: c.los, dischargeStatus: c.dischargeStatus, totalChargesSen: c.totalChargesSen });
    out.set(c.claimId, r && r.ok ? r.price.totalSen : 0);
  }
  return out;
}

export const sumOf = (m: ReadonlyMap<string, number>) => [...m.values()].reduce((s, v) => s + BigInt(v), 0n);

/** Versions of the acceptance test: v2 raises the specialist base rate by 5% and one DRG's weight. */
export function acceptanceVersions() {
  const { tariff, register } = demoVersions();
  const v2 = tariffVersion2(tariff, { hospitalClass: "specialist", baseRatePermille: 1050, drg: "05M2-I", weight: "0.9000" });
  return { tariff, register, v1: compile(tariff), v2: compile(v2), hospitals: indexRegister(register, "2027-01-15") };
}

export async function api(mesh: EmbeddedMesh, issuer: TestIssuer, path: string, init: RequestInit = {}) {
  const token = await issuer.token({ roles: ["admin"] });
  const res = await mesh.app.request(path, { ...init, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" } });
  return { status: res.status, body: (await res.json()) as any };
}

/** Current total per claim, from price_current. */
export async function currentTotals(db: Db, period: string): Promise<Map<string, number>> {
  const { rows } = await db.query<{ claim_id: string; total_sen: string | number }>("select claim_id, total_sen from price_current where period = $1", [period]);
  return new Map(rows.map((r) => [r.claim_id, Number(r.total_sen)]));
}

/** Total per claim of one run, from its price rows. */
export async function runTotals(db: Db, runId: string): Promise<Map<string, number>> {
  const { rows } = await db.query<{ claim_id: string; total_sen: string | number }>("select claim_id, total_sen from price where run_id = $1", [runId]);
  return new Map(rows.map((r) => [r.claim_id, Number(r.total_sen)]));
}

/** Which claims a tariff change must move: those of the changed class or the changed DRG. */
export function changedByV2(claims: readonly SeededClaim[], hospitals: ReadonlyMap<string, Hospital>): Set<string> {
  return new Set(claims.filter((c) => hospitals.get(c.hospitalCode)?.hospitalClass === "specialist" || c.drg === "05M2-I").map((c) => c.claimId));
}

export function expectSameMap(actual: ReadonlyMap<string, number>, expected: ReadonlyMap<string, number>) {
  expect(actual.size).toBe(expected.size);
  const wrong = [...expected].filter(([k, v]) => actual.get(k) !== v).slice(0, 5);
  expect(wrong).toEqual([]);
}
