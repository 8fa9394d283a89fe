import { describe, expect, it } from "vitest";
import { claimIdOf, decide, staysOverlap, type Candidate, type Current } from "./decide.ts";

const cand = (rowNo: number, claimNumber: string, contentHash: string): Candidate => ({
  rowNo, claimId: claimIdOf("H1", claimNumber), hospitalCode: "H1", claimNumber, contentHash, patientPseudo: "p", admissionDate: "2026-01-01", dischargeDate: "2026-01-03", period: "2026-01",
});
const current = (claimNumber: string, version: number, contentHash: string): [string, Current] => [
  claimIdOf("H1", claimNumber), { claimId: claimIdOf("H1", claimNumber), version, contentHash, batchId: "bat_old", rowNo: 7 },
];

describe("dedupe decisions", () => {
  it("a claim never seen is new at version 1", () => expect(decide([cand(1, "A", "h1")], new Map(), "bat_x")[0]).toMatchObject({ kind: "new", version: 1 }));
  it("the same content again is a duplicate of the current version", () => expect(decide([cand(1, "A", "h1")], new Map([current("A", 2, "h1")]), "bat_x")[0]).toMatchObject({ kind: "duplicate", of: { version: 2 } }));
  it("other content is a correction: the next version, superseding the current one", () => {
    expect(decide([cand(1, "A", "h2")], new Map([current("A", 2, "h1")]), "bat_x")[0]).toMatchObject({ kind: "correction", version: 3, previous: { version: 2, batchId: "bat_old" } });
  });
  it("two copies in one chunk give one new claim and one duplicate", () => expect(decide([cand(2, "A", "h1"), cand(1, "A", "h1")], new Map(), "bat_x").map((d) => d.kind)).toEqual(["new", "duplicate"]));
  it("a correction later in the same chunk supersedes the earlier row", () => {
    const [a, b] = decide([cand(1, "A", "h1"), cand(2, "A", "h2")], new Map(), "bat_x");
    expect([a.kind, b.kind]).toEqual(["new", "correction"]);
    expect(b).toMatchObject({ version: 2, previous: { batchId: "bat_x", rowNo: 1 } });
  });
  it("claim ids depend on hospital and claim number only", () => expect(claimIdOf("H1", "A")).not.toBe(claimIdOf("H2", "A")));
  it("stays sharing a night overlap; stays that only touch do not", () => {
    expect(staysOverlap({ admissionDate: "2026-01-01", dischargeDate: "2026-01-05" }, { admissionDate: "2026-01-04", dischargeDate: "2026-01-06" })).toBe(true);
    expect(staysOverlap({ admissionDate: "2026-01-01", dischargeDate: "2026-01-05" }, { admissionDate: "2026-01-05", dischargeDate: "2026-01-06" })).toBe(false);
    expect(staysOverlap({ admissionDate: "2026-01-05", dischargeDate: "2026-01-05" }, { admissionDate: "2026-01-05", dischargeDate: "2026-01-05" })).toBe(true);
  });
});
