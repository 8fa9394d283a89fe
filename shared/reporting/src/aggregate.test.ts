import { describe, expect, it } from "vitest";
import { aggregate } from "./aggregate.ts";
import type { ReportFact } from "./types.ts";

const fact = (over: Partial<ReportFact>): ReportFact => ({
  period: "2027-01", hospitalCode: "H1", mdc: "01", drg: "A01", weight: "1.0000", los: 3, paymentSen: 100_00, flagged: false, ...over,
});

const facts = [
  fact({ weight: "1.2345", los: 2, paymentSen: 150_000 }),
  fact({ weight: "0.5000", los: 5, paymentSen: 50_001, flagged: true }),
  fact({ hospitalCode: "H2", mdc: "05", drg: "F10", weight: "2.0000", los: 0, paymentSen: 300_000n }),
];
const rows = aggregate(facts);
const find = (dimension: string, keys: Partial<Record<"hospitalCode" | "mdc" | "drg", string>> = {}) =>
  rows.find((r) => r.dimension === dimension && Object.entries(keys).every(([k, v]) => r[k as "mdc"] === v))!;

describe("aggregate", () => {
  it("counts cases and sums payments for the period", () => {
    expect(find("period")).toMatchObject({ cases: 3, totalSen: "500001", flagged: 1 });
  });

  it("takes the casemix index as the mean cost weight, rounded half up to 4 places", () => {
    // (1.2345 + 0.5 + 2) / 3 = 1.24483...
    expect(find("period").casemixIndex).toBe("1.2448");
    expect(find("hospital", { hospitalCode: "H1" }).casemixIndex).toBe("0.8673"); // 1.7345 / 2 = 0.86725 -> half up
  });

  it("takes the average LOS to 2 places and the mean payment to the sen, half up", () => {
    expect(find("hospital", { hospitalCode: "H1" })).toMatchObject({ averageLos: "3.50", meanSen: "100001" }); // 200001 / 2 = 100000.5
  });

  it("gives the outlier rate as flagged over cases", () => {
    expect(find("mdc", { mdc: "01" }).outlierRate).toBe("0.5000");
    expect(find("mdc", { mdc: "05" }).outlierRate).toBe("0.0000");
  });

  it("breaks down by hospital x DRG and hospital x MDC", () => {
    expect(find("hospital-drg", { hospitalCode: "H2", drg: "F10" })).toMatchObject({ cases: 1, totalSen: "300000", mdc: "" });
    expect(find("hospital-mdc", { hospitalCode: "H1", mdc: "01" })).toMatchObject({ cases: 2, drg: "" });
  });

  it("adds up to the period total in every dimension", () => {
    for (const d of ["hospital", "mdc", "drg", "hospital-mdc", "hospital-drg"]) {
      const sum = rows.filter((r) => r.dimension === d).reduce((s, r) => s + BigInt(r.totalSen), 0n);
      expect(sum).toBe(500_001n);
    }
  });

  it("stays exact past 2^53 sen", () => {
    const big = aggregate([fact({ paymentSen: 2n ** 60n }), fact({ paymentSen: 1n })]);
    expect(big[0].totalSen).toBe((2n ** 60n + 1n).toString());
  });
});
