import type { OutlierClaim, PeerStats } from "./types.ts";

/**
 * The anomaly features of a claim: its ln(charges) distance from the DRG median, its LOS relative to
 * the DRG's mean LOS, age, and the counts of secondary diagnoses and procedures. Costs are compared
 * within the DRG because a DRG already explains most of the cost; what is left is what is unusual.
 */
export function anomalyFeatures(claim: OutlierClaim, meanLos: number, drg: PeerStats): number[] {
  const logCost = claim.chargesSen && claim.chargesSen > 0 ? Math.log(claim.chargesSen) : drg.median;
  return [
    logCost - drg.median,
    Math.log1p(claim.los) - Math.log1p(meanLos),
    claim.ageYears,
    claim.diagnosisCount,
    claim.procedureCount,
  ];
}

/** The key of a peer group. */
export const peerKey = (drg: string, hospitalClass: string): string => `${drg}|${hospitalClass}`;

/** ln(charges), or undefined when there are no charges to compare. */
export const logCharges = (chargesSen: number | null): number | undefined =>
  chargesSen !== null && chargesSen > 0 ? Math.log(chargesSen) : undefined;
