import { compileDefinition, demoDefinitionDir, loadPackage } from "@casemix/grouper";
import { compileTariff, loadDemoTariff } from "@casemix/pricing";
import { USUAL_DISCHARGES, type CaseMix, type CaseTemplate } from "./case-template.ts";

type DemoCase = Partial<CaseTemplate> & Pick<CaseTemplate, "id" | "principal"> & { weight: number };

const ADULT = [18, 90] as const;
const EMERGENCY = ["emergency", "emergency", "emergency", "elective", "transfer"];
const MEDICAL_SDX = ["I10", "E11.9", "E87.1", "N17.9", "J18.9", "D62"];

/**
 * The demo definition's case-mix: which cases a Malaysian public hospital month holds, weighted so
 * deliveries and newborns lead, then heart, stroke and digestive cases (the shape of MOH inpatient
 * discharges, where obstetrics is the largest group). Only codes of the demo definition are used; a
 * few cases are ungroupable on purpose (an injury code the demo definition has no MDC for, anoxic
 * brain damage without a craniotomy), as a real month has some. The frequencies are illustrative.
 */
const DEMO_CASES: DemoCase[] = [
  { id: "vaginal-delivery", weight: 16, principal: "O80", sex: "F", ageYears: [17, 44], admissionTypes: ["maternity"], department: "O&G", dischargeStatuses: ["1"] },
  { id: "pre-eclampsia", weight: 2, principal: "O14.1", secondaries: ["O80"], sex: "F", ageYears: [18, 44], admissionTypes: ["maternity", "emergency"], department: "O&G" },
  { id: "caesarean", weight: 7, principal: "O82", procedures: ["74.1"], optionalSecondaries: ["O14.1", "D62"], sex: "F", ageYears: [18, 45], admissionTypes: ["maternity", "elective"], department: "O&G", dischargeStatuses: ["1"] },
  { id: "newborn", weight: 12, principal: "Z38.0", optionalSecondaries: ["P59.9"], optionalChance: 0.3, ageYears: [0, 0], ageDays: [0, 3], birthWeight: [2300, 4200], admissionTypes: ["newborn"], department: "PAED", dischargeStatuses: ["1"] },
  { id: "newborn-jaundice", weight: 3, principal: "P59.9", ageYears: [0, 0], ageDays: [2, 14], birthWeight: [2200, 4000], admissionTypes: ["newborn", "emergency"], department: "PAED", dischargeStatuses: ["1"] },
  { id: "preterm", weight: 1.5, principal: "P07.3", optionalSecondaries: ["P59.9"], ageYears: [0, 0], ageDays: [0, 2], birthWeight: [900, 1990], admissionTypes: ["newborn"], department: "NICU", dischargeStatuses: ["1", "1", "1", "1", "1", "1", "2", "5"] },
  { id: "stroke", weight: 5, principal: "I63.9", optionalSecondaries: ["I10", "E11.9", "I48.9", "J18.9", "N17.9", "E87.1"], ageYears: [45, 92], department: "MED" },
  { id: "seizure", weight: 2.5, principal: "G40.9", optionalSecondaries: ["E87.1", "W19"], ageYears: [5, 80], department: "MED" },
  { id: "tia", weight: 2, principal: "G45.9", optionalSecondaries: ["I10", "E11.9"], ageYears: [40, 90], department: "MED" },
  { id: "craniotomy", weight: 0.6, principal: "I63.9", procedures: ["01.31"], optionalSecondaries: ["I10", "J18.9", "N17.9"], ageYears: [30, 80], department: "NSURG" },
  { id: "brain-lesion", weight: 0.4, principal: "G93.1", procedures: ["01.59"], optionalSecondaries: ["E87.1"], ageYears: ADULT, admissionTypes: ["elective"], department: "NSURG" },
  { id: "heart-attack", weight: 4, principal: "I21.9", optionalSecondaries: ["I10", "E11.9", "I48.9", "N17.9", "J96.0", "D62"], ageYears: [35, 90], department: "CARD" },
  { id: "angioplasty-stent", weight: 2, principal: "I21.9", procedures: ["00.66", "36.07"], optionalSecondaries: ["I10", "E11.9", "N17.9"], ageYears: [35, 85], admissionTypes: ["emergency", "elective"], department: "CARD" },
  { id: "bare-stent", weight: 0.5, principal: "I21.9", procedures: ["00.66", "36.06"], optionalSecondaries: ["I10", "E11.9"], ageYears: [35, 85], department: "CARD" },
  { id: "catheterisation", weight: 2.5, principal: "I10", procedures: ["37.22", "88.72"], optionalSecondaries: ["E11.9"], ageYears: [35, 85], admissionTypes: ["elective"], department: "CARD", dischargeStatuses: ["1"] },
  { id: "heart-failure", weight: 6, principal: "I50.9", optionalSecondaries: ["I48.9", "E11.9", "N17.9", "E87.1", "J18.9"], ageYears: [40, 95], department: "MED" },
  { id: "hypertension", weight: 2, principal: "I10", optionalSecondaries: ["E11.9", "N17.9"], ageYears: [30, 90], department: "MED" },
  { id: "gastritis", weight: 3, principal: "K29.7", optionalSecondaries: ["K92.2", "E87.1"], ageYears: [15, 85], department: "MED" },
  { id: "gi-bleed", weight: 2, principal: "K92.2", optionalSecondaries: ["D62", "I10", "E11.9"], ageYears: [30, 90], department: "MED" },
  { id: "gallstones", weight: 1.5, principal: "K80.2", optionalSecondaries: ["E11.9"], ageYears: ADULT, department: "SURG" },
  { id: "lap-cholecystectomy", weight: 3, principal: "K80.2", procedures: ["51.23"], optionalSecondaries: ["I10", "E11.9"], ageYears: [20, 80], admissionTypes: ["elective"], department: "SURG", dischargeStatuses: ["1"] },
  { id: "appendicectomy", weight: 4, principal: "K35.8", procedures: ["47.01"], optionalSecondaries: ["E87.1"], ageYears: [6, 70], department: "SURG", dischargeStatuses: ["1"] },
  { id: "open-appendicectomy", weight: 1, principal: "K35.8", procedures: ["47.09"], ageYears: [6, 70], department: "SURG", dischargeStatuses: ["1"] },
  { id: "appendicitis-conservative", weight: 0.8, principal: "K35.8", ageYears: [6, 70], department: "SURG" },
  { id: "long-ventilation", weight: 0.6, principal: "J18.9", procedures: ["96.72"], optionalSecondaries: ["J96.0", "N17.9", "E87.1"], ageYears: [20, 90], department: "ICU", dischargeStatuses: ["1", "1", "1", "2", "5", "5"] },
  { id: "tracheostomy", weight: 0.3, principal: "J96.0", procedures: ["31.1", "96.72"], optionalSecondaries: ["J18.9", "I63.9"], ageYears: [20, 90], department: "ICU", dischargeStatuses: ["1", "1", "2", "5"] },
  { id: "fall-ungroupable", weight: 0.3, principal: "W19", optionalSecondaries: ["I10"], ageYears: [60, 95], department: "ORTHO" },
  { id: "anoxic-brain-ungroupable", weight: 0.15, principal: "G93.1", optionalSecondaries: ["J96.0"], ageYears: ADULT, department: "MED" },
];

function toTemplate(c: DemoCase): CaseTemplate {
  return {
    id: c.id,
    principal: c.principal,
    secondaries: c.secondaries ?? [],
    optionalSecondaries: c.optionalSecondaries ?? [],
    optionalChance: c.optionalChance ?? 0.25,
    procedures: c.procedures ?? [],
    sex: c.sex ?? "any",
    ageYears: c.ageYears ?? ADULT,
    ageDays: c.ageDays ?? null,
    birthWeight: c.birthWeight ?? null,
    admissionTypes: c.admissionTypes ?? EMERGENCY,
    dischargeStatuses: c.dischargeStatuses ?? USUAL_DISCHARGES,
    department: c.department ?? "MED",
    meanLos: c.meanLos ?? 4,
    costWeight: c.costWeight ?? 1,
  };
}

/** The demo definition with its case-mix; mean LOS and cost weights per DRG from the demo tariff. */
export function loadDemoCaseMix(): { ok: true; mix: CaseMix } | { ok: false; message: string } {
  const loaded = loadPackage(demoDefinitionDir);
  if (!loaded.ok) return { ok: false, message: `the demo definition does not load: ${loaded.issues[0]?.message}` };
  const tariff = loadDemoTariff();
  if (!tariff.ok) return { ok: false, message: `the demo tariff does not load: ${tariff.issues[0]?.message}` };
  const compiled = compileTariff(tariff.value);
  if (!compiled.ok) return { ok: false, message: "the demo tariff does not compile" };
  const drgFacts = new Map(tariff.value.drgs.map((d) => [d.drg, { meanLos: Number(d.meanLos), costWeight: Number(d.weight) }]));
  const m = loaded.package.manifest;
  return {
    ok: true,
    mix: {
      definition: { id: m.id, version: m.version, source: demoDefinitionDir },
      def: compileDefinition(loaded.package),
      templates: DEMO_CASES.map(toTemplate),
      weights: DEMO_CASES.map((c) => c.weight),
      drgFacts,
      // Syntactically a diagnosis code, but in no table: validate rejects it with E_DX_UNKNOWN.
      badCode: { code: "Q99.8", errorCode: "E_DX_UNKNOWN" },
    },
  };
}

/** The demo case names, for tests. */
export const DEMO_CASE_IDS = DEMO_CASES.map((c) => c.id);
