import type { AppealView } from "./appeal-views.ts";

export const APPEAL = `apl_${"a1".repeat(12)}`;
export const EVIDENCE = `evd_${"e2".repeat(12)}`;
export const CURSOR = `2027-02-01T00:06:12.000Z|apl_${"b3".repeat(12)}`;

/** An appeal as the appeals API answers GET /v1/appeals/{id}: filed by HOSP-A's coder, with one evidence file. */
export function appealView(overrides: Partial<AppealView> = {}): AppealView {
  return {
    appealId: APPEAL, hospitalCode: "HOSP-A", claimId: "clm_a1", claimVersion: 1, reasonCode: "A_WRONG_PDX", reasonText: "the notes say J15.9",
    state: "filed", stateSince: "2027-02-01T00:06:12.000Z", escalatedAt: null, filedBy: "coder-a", reviewer: null, decision: null, decisionNote: null, coding: null,
    before: { claimVersion: 1, drg: "ES31", totalSen: "1234500", period: "2027-01" }, after: null, applyError: null, createdAt: "2027-02-01T00:06:12.000Z",
    transitions: [{ seq: 1, from: null, to: "filed", actor: "coder-a", at: "2027-02-01T00:06:12.000Z" }],
    evidence: [{ evidenceId: EVIDENCE, fileName: "notes.pdf", mediaType: "application/pdf", bytes: 2048, sha256: "ab".repeat(32), uploadedBy: "coder-a", createdAt: "2027-02-01T00:07:00.000Z" }],
    ...overrides,
  };
}

export const hospitalCoder = { subject: "coder-a", roles: ["hospital-coder"], hospital: "HOSP-A" };
export const hospitalFinance = { subject: "finance-a", roles: ["hospital-finance"], hospital: "HOSP-A" };
export const reviewer = { subject: "reviewer-1", roles: ["moh-reviewer"] };
