/**
 * Writes a SYNTHETIC tariff for the 628 DRGs of CHS-DRG 1.1 (../shared/data/chs-drg-1.1/3_DRG.txt) as a
 * tariff folder, for scale tests. Weights come from a seeded generator, not from any cost study.
 *
 *   npx node shared/pricing/scripts/generate-chs-tariff.ts <out-dir> [--seed 42]
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CHS_DRG_LIST } from "../src/files.ts";
import { generateSyntheticTariff, parseDrgList, tariffToCsv } from "../src/synthetic-tariff.ts";

const [outDir] = process.argv.slice(2).filter((a) => !a.startsWith("--") && !/^\d+$/.test(a));
const seedAt = process.argv.indexOf("--seed");
const seed = seedAt > 0 ? Number(process.argv[seedAt + 1]) : 42;
if (!outDir || !Number.isSafeInteger(seed)) {
  console.error("usage: generate-chs-tariff.ts <out-dir> [--seed <integer>]");
  process.exit(2);
}
const codes = parseDrgList(readFileSync(CHS_DRG_LIST, "utf8"));
const csv = tariffToCsv(generateSyntheticTariff(codes, { seed }));
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, "tariff.csv"), csv.settings);
writeFileSync(join(outDir, "base-rates.csv"), csv.baseRates);
writeFileSync(join(outDir, "drg-weights.csv"), csv.drgs);
console.log(`wrote a synthetic tariff for ${codes.length} DRGs (seed ${seed}) to ${outDir}`);
