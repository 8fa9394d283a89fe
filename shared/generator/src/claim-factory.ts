import type { CaseMix } from "./case-template.ts";
import type { ClaimRow } from "./claim-row.ts";
import { completedYears, isoDay, yearsBefore } from "./dates.ts";
import type { Claim, CompiledDefinition } from "@casemix/grouper";
import { firstEditError, predictClaim, type ClaimFacts, type Prediction } from "./predict.ts";
import { cumulative, pickWeighted, type Random } from "./random.ts";

/** A generated claim with the facts validate will derive and the state the generator expects. */
export type MadeClaim = { row: ClaimRow; facts: ClaimFacts; prediction: Prediction; admissionDay: number; dischargeDay: number };

export type ClaimFactory = {
  /** A well-formed claim; redrawn (up to 8 times) while the definition's edits would reject it. */
  make(hospitalCode: string, claimNumber: string, patientId: string): MadeClaim;
  /** Fresh total charges for a claim of this kind and length of stay. */
  charges(costWeight: number, los: number, meanLos: number): string;
  /** Re-predicts after a change of coding or dates. */
  predict(facts: ClaimFacts): Prediction;
  /** Draws that validate would have rejected and were redrawn, by reason. */
  redrawn: Map<string, number>;
};

/**
 * Length of stay: lognormal with the DRG's mean LOS as its mean (sigma 0.6 on the log scale, so the
 * median is 0.84 x the mean and a few stays run to 3-4 x the mean, the long right tail of hospital
 * stays), capped at 180 days. Charges: cost weight x RM 4,200 (a Malaysian public-hospital base rate
 * order of magnitude), more for a longer stay than the mean, with a lognormal spread of 0.3.
 */
const LOS_SIGMA = 0.6;
const LOS_MEDIAN_FACTOR = Math.exp((-LOS_SIGMA * LOS_SIGMA) / 2);
const RINGGIT_PER_WEIGHT = 4200;

export function createClaimFactory(mix: CaseMix, rnd: Random, period: { first: number; days: number }): ClaimFactory {
  const cum = cumulative(mix.weights);
  const redrawn = new Map<string, number>();

  const charges = (costWeight: number, los: number, meanLos: number): string => {
    const ringgit = costWeight * RINGGIT_PER_WEIGHT * (0.6 + (0.4 * (los + 1)) / (meanLos + 1)) * rnd.logNormal(1, 0.3);
    const sen = Math.max(15_000, Math.round(ringgit * 100));
    const cents = sen % 100;
    return `${(sen - cents) / 100}.${cents < 10 ? "0" : ""}${cents}`;
  };

  // The DRG a template lands in, by template, optional secondaries chosen and sex: found once by
  // grouping at the template's own age and mean LOS, it picks the LOS distribution of later draws
  // (the final prediction of each claim is still its own grouping).
  const drgOf = new Map<number, string | null>();
  // listEdits reads only the codes, sex and age in years, so its verdict is kept per (template,
  // optional secondaries, sex, age): CHS-DRG cases carry many codes, and this halves their cost.
  // Cleared when large, so memory stays bounded.
  const editsOf = new Map<number, string | null>();

  const draw = (index: number, hospitalCode: string, claimNumber: string, patientId: string): MadeClaim => {
    const t = mix.templates[index];
    const sex = t.sex === "any" ? (rnd.next() < 0.5 ? "M" : "F") : t.sex;
    const secondaries = [...t.secondaries];
    let mask = 0;
    t.optionalSecondaries.forEach((code, i) => {
      if (rnd.chance(t.optionalChance) && code !== t.principal && !secondaries.includes(code)) {
        secondaries.push(code);
        mask |= 1 << i;
      }
    });
    const years = t.ageYears[0] + rnd.int(t.ageYears[1] - t.ageYears[0] + 1);
    const newbornDays = t.ageDays ? t.ageDays[0] + rnd.int(t.ageDays[1] - t.ageDays[0] + 1) : -1;
    const birthWeight = t.birthWeight ? t.birthWeight[0] + rnd.int(t.birthWeight[1] - t.birthWeight[0] + 1) : null;
    const base: ClaimFacts = {
      sex, ageYears: t.ageDays ? 0 : years, ageDays: newbornDays >= 0 ? newbornDays : Math.round(years * 365.25), birthWeight,
      los: Math.round(t.meanLos), admissionType: rnd.pick(t.admissionTypes), dischargeStatus: rnd.pick(t.dischargeStatuses),
      department: t.department, principal: t.principal, secondaries, procedures: t.procedures,
    };
    const key = (index * 1024 + mask) * 2 + (sex === "M" ? 1 : 0);
    let drg = drgOf.get(key);
    if (drg === undefined) {
      const provisional = predictClaim(mix.def, base);
      drg = "drg" in provisional ? provisional.drg : null;
      drgOf.set(key, drg);
    }
    const drgFacts = drg === null ? undefined : mix.drgFacts.get(drg);
    const meanLos = drgFacts?.meanLos ?? t.meanLos;
    const costWeight = drgFacts?.costWeight ?? t.costWeight;
    const los = Math.min(180, Math.round(rnd.logNormal(Math.max(0.3, meanLos) * LOS_MEDIAN_FACTOR, LOS_SIGMA)));
    const dischargeDay = period.first + rnd.int(period.days);
    const admissionDay = dischargeDay - los;
    const birthDay = newbornDays >= 0 ? admissionDay - newbornDays : yearsBefore(admissionDay, years) - rnd.int(365);
    const facts: ClaimFacts = { ...base, los, ageYears: completedYears(birthDay, admissionDay), ageDays: admissionDay - birthDay };
    const row: ClaimRow = {
      hospitalCode, claimNumber, patientId,
      admissionDate: isoDay(admissionDay), dischargeDate: isoDay(dischargeDay),
      admissionType: facts.admissionType, dischargeStatus: facts.dischargeStatus, sex,
      dateOfBirth: isoDay(birthDay), birthWeightGrams: birthWeight === null ? "" : String(birthWeight),
      principalDiagnosis: t.principal, secondaryDiagnoses: secondaries, procedures: t.procedures,
      procedureDates: t.procedures.map((_, i) => isoDay(admissionDay + (i === 0 ? Math.min(los, rnd.int(2)) : rnd.int(los + 1)))),
      department: t.department, totalCharges: charges(costWeight, los, meanLos),
    };
    const editKey = key * 256 + Math.min(255, facts.ageYears);
    const cachedEdits = (def: CompiledDefinition, claim: Claim) => {
      let e = editsOf.get(editKey);
      if (e === undefined) {
        if (editsOf.size >= 500_000) editsOf.clear();
        e = firstEditError(def, claim);
        editsOf.set(editKey, e);
      }
      return e;
    };
    return { row, facts, prediction: predictClaim(mix.def, facts, cachedEdits), admissionDay, dischargeDay };
  };

  return {
    make(hospitalCode, claimNumber, patientId) {
      let made = draw(pickWeighted(rnd, cum), hospitalCode, claimNumber, patientId);
      for (let attempt = 0; attempt < 8 && made.prediction.state === "rejected"; attempt++) {
        redrawn.set(made.prediction.reason, (redrawn.get(made.prediction.reason) ?? 0) + 1);
        made = draw(pickWeighted(rnd, cum), hospitalCode, claimNumber, patientId);
      }
      return made;
    },
    charges,
    predict: (facts) => predictClaim(mix.def, facts),
    redrawn,
  };
}
