/**
 * Prints how long a baseline takes to freeze and how fast claims are flagged.
 * Run: npx node shared/outliers/bench/bench-outliers.ts [historyClaims=100000] [checkedClaims=100000]
 */
import { buildBaseline, flagClaim, generateSyntheticClaims, toBaselineClaims } from "../src/index.ts";

const historyCount = Number(process.argv[2] ?? 100_000);
const checkedCount = Number(process.argv[3] ?? 100_000);
const history = toBaselineClaims(generateSyntheticClaims({ seed: 1, count: historyCount, period: "2026-12", plant: { los: 0.01, cost: 0.01 } }));
const checked = generateSyntheticClaims({ seed: 2, count: checkedCount, period: "2027-01", plant: { los: 0.01, cost: 0.01 } });

let t = performance.now();
const baseline = buildBaseline(history, { version: 1, seed: 1, periods: ["2026-12"] });
const buildMs = performance.now() - t;
t = performance.now();
let flagged = 0;
for (const c of checked) if (flagClaim(c.claim, c.trim, baseline).flags.length > 0) flagged++;
const flagMs = performance.now() - t;
console.log(`baseline from ${historyCount} claims (forest on a ${baseline.trainedOn}-row sample, 100 trees): ${buildMs.toFixed(0)} ms`);
console.log(`baseline JSON: ${(JSON.stringify(baseline).length / 1e6).toFixed(1)} MB`);
console.log(`flagged ${checkedCount} claims in ${flagMs.toFixed(0)} ms: ${Math.round(checkedCount / (flagMs / 1000))} claims/s, ${flagged} with flags`);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
