/**
 * Benchmark of pure pricing: claims priced per second on one core, with and without the formula in words.
 * Uses the synthetic CHS-DRG 1.1 tariff (628 DRGs) and the register seeded from ../shared when present,
 * else the demo tariff and register. 100k distinct claims (seeded mix of LOS, transfers, deaths and
 * charges) are priced repeatedly.
 *
 *   npx node shared/pricing/scripts/bench-price.ts [--claims 1000000]
 */
import { existsSync, readFileSync } from "node:fs";
import { CHS_DRG_LIST, loadDemoRegister, loadDemoTariff } from "../src/files.ts";
import { computePrice, priceClaim, type ClaimToPrice } from "../src/price-claim.ts";
import { generateSyntheticTariff, parseDrgList } from "../src/synthetic-tariff.ts";
import { compileTariff } from "../src/tariff.ts";
import type { Hospital } from "../src/register-schema.ts";
import type { Tariff } from "../src/tariff-schema.ts";

const at = process.argv.indexOf("--claims");
const total = at > 0 ? Number(process.argv[at + 1]) : 5_000_000;
const DISTINCT = 100_000;

const source: Tariff = existsSync(CHS_DRG_LIST)
  ? generateSyntheticTariff(parseDrgList(readFileSync(CHS_DRG_LIST, "utf8")), { seed: 42 })
  : (() => {
      const demo = loadDemoTariff();
      if (!demo.ok) throw new Error("demo tariff does not import");
      return demo.value;
    })();
const compiled = compileTariff(source);
if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues.slice(0, 3)));
const tariff = compiled.tariff;
const register = loadDemoRegister();
if (!register.ok) throw new Error("register does not import");
const hospitals = register.value.hospitals.filter((h) => tariff.baseRates.has(h.hospitalClass));

let state = 12345;
const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4_294_967_296);
const drgCodes = [...tariff.drgs.keys()];
const claims: ClaimToPrice[] = [];
const claimHospitals: Hospital[] = [];
for (let i = 0; i < DISTINCT; i++) {
  const drg = tariff.drgs.get(drgCodes[Math.floor(random() * drgCodes.length)])!;
  const r = random();
  const los = r < 0.05 ? 0 : Math.max(0, Math.round((drg.meanLosE2 / 100) * (0.2 + random() * 2.2)));
  const status = r < 0.04 ? "2" : r > 0.98 ? "5" : "1";
  claims.push({ drg: drg.drg, los, dischargeStatus: status, totalChargesSen: Math.floor(random() * 6_000_000) });
  claimHospitals.push(hospitals[i % hospitals.length]);
}

function run(n: number, explain: boolean): { seconds: number; sumSen: number } {
  let sumSen = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const k = i % DISTINCT;
    const result = explain ? priceClaim(tariff, claimHospitals[k], claims[k]) : computePrice(tariff, claimHospitals[k], claims[k]);
    if (result.ok) sumSen += result.price.totalSen;
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, sumSen };
}

run(200_000, false); // warm-up so the JIT has compiled the hot path
const fast = run(total, false);
const explainedCount = Math.max(100_000, Math.floor(total / 10));
const explained = run(explainedCount, true);
const peakRssMiB = process.resourceUsage().maxRSS / 1024; // maxRSS is in KiB
console.log(`tariff ${tariff.versionId} (${tariff.drgs.size} DRGs), ${hospitals.length} hospitals (${register.from}), ${DISTINCT} distinct claims`);
console.log(`computePrice: ${total} claims in ${fast.seconds.toFixed(3)} s = ${Math.round(total / fast.seconds).toLocaleString("en")} claims/s (sum ${fast.sumSen} sen)`);
console.log(`priceClaim (with formula in words): ${explainedCount} claims in ${explained.seconds.toFixed(3)} s = ${Math.round(explainedCount / explained.seconds).toLocaleString("en")} claims/s`);
console.log(`peak RSS ${peakRssMiB.toFixed(0)} MiB`);
