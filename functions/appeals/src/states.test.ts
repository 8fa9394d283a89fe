import { describe, expect, it } from "vitest";
import { changesClaim, refuseMove } from "./states.ts";

describe("appeal states", () => {
  it("a filed appeal goes under review, then is decided, applied and closed", () => {
    expect(refuseMove("filed", "under_review")).toBeUndefined();
    expect(refuseMove("under_review", "decided")).toBeUndefined();
    expect(refuseMove("decided", "applied")).toBeUndefined();
    expect(refuseMove("applied", "closed")).toBeUndefined();
  });

  it("an appeal can be withdrawn before its decision, never after", () => {
    expect(refuseMove("filed", "withdrawn")).toBeUndefined();
    expect(refuseMove("under_review", "withdrawn")).toBeUndefined();
    expect(refuseMove("decided", "withdrawn")?.code).toBe("E_APPEAL_STATE");
    expect(refuseMove("applied", "withdrawn")?.code).toBe("E_APPEAL_STATE");
  });

  it("a filed appeal cannot be decided without a review, and a closed one goes nowhere", () => {
    expect(refuseMove("filed", "decided")?.message).toContain("under_review or withdrawn");
    expect(refuseMove("closed", "filed")?.message).toContain("it is over");
    expect(refuseMove("withdrawn", "under_review")?.code).toBe("E_APPEAL_STATE");
  });

  it("only upheld lets the claim's result stand", () => {
    expect(changesClaim("upheld")).toBe(false);
    expect(changesClaim("overturned")).toBe(true);
    expect(changesClaim("partly")).toBe(true);
  });
});
