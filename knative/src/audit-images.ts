/**
 * `npm run audit:images`: the dependency audit of the built images (npm run build:images first):
 * licenses of every third-party package each SBOM lists, and npm's advisories where the registry answers.
 * Exit 1 on any finding.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { repoRoot } from "./bundle.ts";
import { advisoryAudit, licenseFindings, thirdPartyPackages } from "./images/audit.ts";
import { imagesDir } from "./images/build.ts";

const dir = join(imagesDir, "sbom");
const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith(".cdx.json")).sort();
if (files.length === 0) {
  console.error(`no SBOM in ${dir}: run npm run build:images first`);
  process.exit(1);
}
let failed = false;
const packages = new Set<string>();
for (const file of files) {
  const text = await readFile(join(dir, file), "utf8");
  for (const name of thirdPartyPackages(text)) packages.add(name);
  const findings = licenseFindings(text);
  failed ||= findings.length > 0;
  console.log(`${file}: ${findings.length === 0 ? "licenses ok" : findings.join("; ")}`);
}
const advisories = await advisoryAudit(repoRoot, packages);
if (advisories.reachable) {
  failed ||= advisories.findings.length > 0;
  console.log(`npm audit over ${packages.size} packages in the images: ${advisories.findings.length === 0 ? "no high or critical advisory" : advisories.findings.join("; ")}`);
} else {
  console.log(`npm audit: the advisory database did not answer (${advisories.reason}); advisories NOT checked`);
}
process.exit(failed ? 1 : 0);
