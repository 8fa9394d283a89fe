import { describe, expect, it } from "vitest";
import { canTransition, claimStateNames, claimTransitions, isSettledClaimState, isTerminalClaimState } from "./claim-states.ts";

describe("claim states", () => {
  it("the terminal states are rejected, duplicate, superseded, ungroupable and final", () => {
    expect(claimStateNames.filter(isTerminalClaimState).sort()).toEqual(["duplicate", "final", "rejected", "superseded", "ungroupable"]);
  });

  it("a terminal state has no way out, except that a correction supersedes a final claim", () => {
    for (const s of claimStateNames.filter(isTerminalClaimState)) expect(claimTransitions[s], s).toEqual(s === "final" ? ["superseded"] : []);
  });

  it("every non-terminal state can move on", () => {
    for (const s of claimStateNames.filter((x) => !isTerminalClaimState(x))) expect(claimTransitions[s].length, s).toBeGreaterThan(0);
  });

  it("every state is reachable from received", () => {
    const seen = new Set<string>(["received"]);
    const queue = ["received" as const] as (keyof typeof claimTransitions)[];
    while (queue.length) for (const next of claimTransitions[queue.shift()!]) if (!seen.has(next)) (seen.add(next), queue.push(next));
    expect([...seen].sort()).toEqual([...claimStateNames].sort());
  });

  it("a claim under review is settled for its batch but not terminal", () => {
    expect(isSettledClaimState("under_review")).toBe(true);
    expect(isTerminalClaimState("under_review")).toBe(false);
    expect(canTransition("under_review", "final")).toBe(true);
  });

  it("a final claim changes only by being superseded by its correction (a new version)", () => {
    expect(canTransition("final", "superseded")).toBe(true);
    expect(canTransition("under_review", "superseded")).toBe(true);
    expect(canTransition("final", "under_review")).toBe(false);
  });
});
