import type { AppealDecision, AppealState } from "@casemix/events";

/**
 * The moves an appeal may make (issue 19): filed -> under_review -> decided -> applied -> closed, and
 * withdrawn from filed or under_review only: once decided, the decision stands and is applied.
 */
export const MOVES: Readonly<Record<AppealState, readonly AppealState[]>> = {
  filed: ["under_review", "withdrawn"],
  under_review: ["decided", "withdrawn"],
  decided: ["applied"],
  applied: ["closed"],
  closed: [],
  withdrawn: [],
};

/** States an appeal is still open in (a second appeal on the same claim version is refused meanwhile). */
export const OPEN_STATES: readonly AppealState[] = ["filed", "under_review", "decided"];

export type MoveRefusal = { code: "E_APPEAL_STATE"; message: string };

/** Why `from -> to` is not allowed, or undefined when it is. */
export function refuseMove(from: AppealState, to: AppealState): MoveRefusal | undefined {
  if (MOVES[from].includes(to)) return undefined;
  const allowed = MOVES[from].length === 0 ? "nothing: it is over" : MOVES[from].join(" or ");
  return { code: "E_APPEAL_STATE", message: `an appeal that is ${from} cannot become ${to}; from ${from} it may become ${allowed}` };
}

/** Whether a decision changes the claim (a new version goes through the pipeline) or lets its result stand. */
export function changesClaim(decision: AppealDecision): boolean {
  return decision !== "upheld";
}
