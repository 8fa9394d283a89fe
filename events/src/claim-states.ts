/**
 * The states of a claim version (DESIGN.md "Claims, dates and versions"). A claim ends in exactly one
 * terminal state: rejected, duplicate, superseded, ungroupable (returned to the hospital with its
 * reason, paid nothing) or final. The pipeline never moves a version out of a terminal state, with one
 * exception: a correction (a new version of the claim) supersedes the version it corrects, even one
 * already final or under review (a paid claim; price pays the difference, in an adjustment run when
 * its period is closed). `under_review` is a final claim held for review by the outlier check
 * or an appeal: it counts as done for its batch (settled) but is not terminal, since review ends in final.
 * `received` is a row intake counted (batch.rows_received) that is not in claim_row yet: validate writes
 * a rejected row, dedupe a validated or duplicate one (each row is written once, with its outcome).
 *
 * The state lives in claim_row only: each submitted row (one claim version) moves through these states
 * there, and batch status counts them. The claim table is the pointer to each claim's current version
 * (its batch and row), so a claim's state is its current row's. Keeping a second copy in claim cost a
 * new copy of the claim row at each step (400k-claim month, embedded: 16 s of the database's 95).
 */
export const ClaimStates = {
  received: "received",
  validated: "validated",
  rejected: "rejected",
  duplicate: "duplicate",
  superseded: "superseded",
  grouped: "grouped",
  ungroupable: "ungroupable",
  final: "final",
  underReview: "under_review",
} as const;

export type ClaimState = (typeof ClaimStates)[keyof typeof ClaimStates];

export const claimStateNames: readonly ClaimState[] = Object.values(ClaimStates);

export const terminalClaimStates: readonly ClaimState[] = ["rejected", "duplicate", "superseded", "ungroupable", "final"];

/**
 * Allowed moves. `validated` claims leave dedupe unchanged when unique; a correction supersedes the
 * version it corrects, wherever that version is (on its way, final, or under review). A final claim is
 * otherwise never changed: a correction is a new version, and the old one only becomes superseded.
 */
export const claimTransitions: Readonly<Record<ClaimState, readonly ClaimState[]>> = {
  received: ["validated", "rejected"],
  validated: ["duplicate", "superseded", "grouped", "ungroupable"],
  grouped: ["final", "under_review", "superseded"],
  under_review: ["final", "superseded"],
  rejected: [],
  duplicate: [],
  superseded: [],
  ungroupable: [],
  final: ["superseded"],
};

/** Whether a claim in this state will never change again. */
export function isTerminalClaimState(state: ClaimState): boolean {
  return terminalClaimStates.includes(state);
}

/** Whether the pipeline is done with the claim for its batch (terminal, or final under review). */
export function isSettledClaimState(state: ClaimState): boolean {
  return state === "under_review" || isTerminalClaimState(state);
}

/** Whether a claim may move from `from` to `to`. */
export function canTransition(from: ClaimState, to: ClaimState): boolean {
  return claimTransitions[from].includes(to);
}
