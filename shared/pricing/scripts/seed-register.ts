/**
 * Builds the hospital register from ../shared/data/my-facilities/ (hospitals only) and prints it as
 * hospitals.csv, with a count per class on stderr.
 *
 *   npx node shared/pricing/scripts/seed-register.ts                 # every MOH hospital
 *   npx node shared/pricing/scripts/seed-register.ts --demo          # the committed demo subset
 */
import { formatCsvIssue } from "../src/csv.ts";
import { hasFacilitiesData, MY_FACILITIES_DIR, seedRegisterFromFacilities } from "../src/files.ts";
import { baseName } from "../src/hospital-class.ts";
import { hospitalsToCsv } from "../src/register-csv.ts";

/** One hospital per class, plus East Malaysia, for the committed demo register. */
const DEMO_NAMES = [
  "Hospital Kuala Lumpur",
  "Hospital Queen Elizabeth",
  "Hospital Selayang",
  "Hospital Sibu",
  "Hospital Jasin",
  "Hospital Kapit",
  "Institut Kanser Negara",
  "Hospital Universiti Sains Malaysia",
  "Hospital Angkatan Tentera Tuanku Mizan",
];

if (!hasFacilitiesData()) {
  console.error(`no MOH facilities data at ${MY_FACILITIES_DIR}; nothing to seed`);
  process.exit(1);
}
const seeded = seedRegisterFromFacilities({ id: "my-hospitals", version: 1, effectiveFrom: "2020-01-01" });
if (!seeded.ok) {
  seeded.issues.forEach((issue) => console.error(formatCsvIssue(issue)));
  process.exit(1);
}
const demo = process.argv.includes("--demo");
const hospitals = demo
  ? seeded.value.hospitals.filter((h) => DEMO_NAMES.includes(baseName(h.name)))
  : seeded.value.hospitals;
const counts = new Map<string, number>();
for (const h of hospitals) counts.set(h.hospitalClass, (counts.get(h.hospitalClass) ?? 0) + 1);
console.error(`${hospitals.length} hospitals: ${[...counts].map(([c, n]) => `${c} ${n}`).join(", ")}`);
process.stdout.write(hospitalsToCsv(hospitals));
