import { chsDrgDir, hasSharedData, importChsDrg, readConformanceCases } from "@casemix/chs-drg";
import { compileDefinition, validatePackage } from "@casemix/grouper";
import { USUAL_DISCHARGES, type CaseMix, type CaseTemplate } from "./case-template.ts";

const EMERGENCY = ["emergency", "emergency", "emergency", "elective", "transfer"];

/** Relative cost of a CHS-DRG case: no cost study comes with the tables, so it grows with the DRG's mean LOS. */
const costFromLos = (meanLos: number, procedures: number) => 0.4 + 0.15 * meanLos + (procedures > 0 ? 0.8 : 0);

/**
 * CHS-DRG 1.1 (imported at run time from ../shared/data/chs-drg-1.1) with the 3,000 conformance
 * claims as the case-mix template: each generated claim copies the whole coding of one sampled case
 * (sex, principal, secondaries, procedures, discharge status, department, birth weight), with new
 * dates, a new length of stay and, for adults, an age within two years of the case's. Cases
 * without a principal diagnosis are left out (no hospital can submit one). Mean LOS per
 * DRG is the mean of the conformance claims grouped to that DRG (their expected DRG).
 */
export function loadChsCaseMix(dir = chsDrgDir): { ok: true; mix: CaseMix } | { ok: false; message: string } {
  if (!hasSharedData) return { ok: false, message: `CHS-DRG 1.1 data is absent (${dir}); use --definition demo` };
  const pkg = importChsDrg(dir);
  const issues = validatePackage(pkg);
  if (issues.length > 0) return { ok: false, message: `CHS-DRG 1.1 imports to an invalid definition: ${issues[0].message}` };
  // A claim without a principal diagnosis cannot be submitted (the claim schema requires one).
  const cases = readConformanceCases().filter((c) => (c.claim.principalDx ?? "").trim() !== "");
  const losSum = new Map<string, { sum: number; n: number }>();
  for (const c of cases) {
    const s = losSum.get(c.expected.drg) ?? { sum: 0, n: 0 };
    s.sum += c.claim.los ?? 0;
    s.n++;
    losSum.set(c.expected.drg, s);
  }
  const drgFacts = new Map([...losSum].map(([drg, s]) => [drg, { meanLos: s.sum / s.n, costWeight: costFromLos(s.sum / s.n, 0) }]));
  const templates = cases.map((c, i): CaseTemplate => {
    const cl = c.claim;
    const age = cl.ageYears ?? 0;
    const infant = age === 0 && cl.ageDays !== null;
    const meanLos = drgFacts.get(c.expected.drg)?.meanLos ?? cl.los ?? 5;
    return {
      id: cl.caseId ?? `case-${i + 1}`,
      principal: cl.principalDx ?? "",
      secondaries: cl.secondaryDx,
      optionalSecondaries: [],
      optionalChance: 0,
      procedures: cl.procedures,
      sex: cl.sex === "M" || cl.sex === "F" ? cl.sex : "any",
      ageYears: age >= 20 ? [age - 2, age + 2] : [age, age],
      ageDays: infant ? [cl.ageDays!, cl.ageDays!] : null,
      birthWeight: cl.birthWeight !== null && infant ? [cl.birthWeight, cl.birthWeight] : null,
      admissionTypes: infant && cl.ageDays! <= 28 ? ["newborn"] : EMERGENCY,
      dischargeStatuses: cl.dischargeStatus ? [cl.dischargeStatus] : USUAL_DISCHARGES,
      department: cl.department ?? "",
      meanLos,
      costWeight: costFromLos(meanLos, cl.procedures.length),
    };
  });
  const m = pkg.manifest;
  return {
    ok: true,
    mix: {
      definition: { id: m.id, version: m.version, source: dir },
      def: compileDefinition(pkg),
      templates,
      weights: templates.map(() => 1),
      drgFacts: new Map([...drgFacts].map(([drg, f]) => [drg, { meanLos: f.meanLos, costWeight: f.costWeight }])),
      // CHS-DRG 1.1 only warns about unknown codes and checks no syntax (LOGIC.md §2): no code is "bad".
      badCode: null,
    },
  };
}
