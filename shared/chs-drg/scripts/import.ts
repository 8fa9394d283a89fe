/**
 * Writes the CHS-DRG 1.1 tables as a definition package directory (the @casemix/grouper format).
 * Run: npx node shared/chs-drg/scripts/import.ts ../shared/data/chs-drg-1.1 /tmp/chs-drg-1.1
 */
import { validatePackage, writePackage } from "@casemix/grouper";
import { importChsDrg } from "../src/index.ts";

const [source, target] = process.argv.slice(2);
if (!source || !target) {
  console.error("usage: npx node shared/chs-drg/scripts/import.ts <chs-drg tables dir> <package dir>");
  process.exit(2);
}
const pkg = importChsDrg(source);
const issues = validatePackage(pkg);
if (issues.length > 0) {
  for (const i of issues) console.error(`${i.file}${i.line ? `:${i.line}` : ""}: ${i.field}: ${i.message} [${i.code}]`);
  process.exit(1);
}
writePackage(pkg, target);
console.log(`${pkg.manifest.id} ${pkg.manifest.version}: ${pkg.rules.mdcs.length} MDCs, ${pkg.rules.adrgs.length} ADRGs, ${pkg.drgs.length} DRGs, ${pkg.diagnoses.length} diagnoses, ${pkg.procedures.length} procedures, ${pkg.lists.length} list rows -> ${target}`);
