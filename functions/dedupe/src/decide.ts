import { createHash } from "node:crypto";

/** What dedupe knows about one valid claim of the chunk. */
export type Candidate = {
  rowNo: number;
  claimId: string;
  hospitalCode: string;
  claimNumber: string;
  contentHash: string;
  patientPseudo: string;
  admissionDate: string;
  dischargeDate: string;
  period: string;
};

/** The current version of a claim, as the claim table holds it. */
export type Current = { claimId: string; version: number; contentHash: string; batchId: string; rowNo: number };

export type Decision =
  | { kind: "new"; c: Candidate; version: 1 }
  | { kind: "correction"; c: Candidate; version: number; previous: Current }
  | { kind: "duplicate"; c: Candidate; of: Current | { claimId: string; version: number; batchId: string; rowNo: number } };

/** `clm_` + hash of (hospital, claim number): one id per claim across all its versions. */
export function claimIdOf(hospitalCode: string, claimNumber: string): string {
  return `clm_${createHash("sha256").update(`${hospitalCode}\u0000${claimNumber}`).digest("hex").slice(0, 32)}`;
}

/**
 * Decides, pure, what each valid claim of a chunk is, against the current versions: new, an exact
 * resubmission (duplicate), or a corrected resubmission (a new version). Claims repeated inside the
 * chunk are taken in row order, each against the one before it.
 */
export function decide(candidates: readonly Candidate[], current: ReadonlyMap<string, Current>, batchId: string): Decision[] {
  const latest = new Map<string, Current>(current);
  const out: Decision[] = [];
  for (const c of [...candidates].sort((a, b) => a.rowNo - b.rowNo)) {
    const before = latest.get(c.claimId);
    if (!before) {
      out.push({ kind: "new", c, version: 1 });
      latest.set(c.claimId, { claimId: c.claimId, version: 1, contentHash: c.contentHash, batchId, rowNo: c.rowNo });
    } else if (before.contentHash === c.contentHash) {
      out.push({ kind: "duplicate", c, of: before });
    } else {
      const version = before.version + 1;
      out.push({ kind: "correction", c, version, previous: before });
      latest.set(c.claimId, { claimId: c.claimId, version, contentHash: c.contentHash, batchId, rowNo: c.rowNo });
    }
  }
  return out;
}

/** Stays that share at least one night, or the same admission day (two same-day stays). */
export function staysOverlap(a: { admissionDate: string; dischargeDate: string }, b: { admissionDate: string; dischargeDate: string }): boolean {
  return (a.admissionDate < b.dischargeDate && b.admissionDate < a.dischargeDate) || a.admissionDate === b.admissionDate;
}
