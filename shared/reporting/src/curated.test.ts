import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { curatedKey, writeCurated, type CuratedClaim } from "./curated.ts";

const claim = (i: number): CuratedClaim => ({
  period: i % 3 === 0 ? "2027-02" : "2027-01",
  hospitalCode: `H-${i % 4}`,
  claimId: `clm_${String(i).padStart(6, "0")}`,
  version: 1,
  mdc: String(i % 23).padStart(2, "0"),
  drg: `D${i % 50}`,
  weight: (0.5 + (i % 7) / 10).toFixed(4),
  los: i % 11,
  paymentSen: 100_000 + i * 37,
  flagged: i % 40 === 0,
  tariffVersionId: "demo@1",
  runId: null,
});
const claims = Array.from({ length: 3000 }, (_, i) => claim(i));

describe("curated parquet", () => {
  let dir: string;
  let instance: DuckDBInstance;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "casemix-curated-"));
    instance = await DuckDBInstance.create(":memory:", { threads: "1", memory_limit: "128MB" });
    for (const f of writeCurated(claims, "run_a")) {
      await mkdir(dirname(join(dir, f.key)), { recursive: true });
      await writeFile(join(dir, f.key), f.bytes);
    }
  });
  afterAll(async () => {
    instance?.closeSync();
    await rm(dir, { recursive: true, force: true });
  });

  it("names files by Hive partitions of period and hospital", () => {
    expect(curatedKey("2027-01", "H-1", "run_a")).toBe("curated/claims/period=2027-01/hospital=H-1/part-run_a.parquet");
  });

  it("writes one file per period and hospital", () => {
    expect(writeCurated(claims, "run_a").map((f) => f.key)).toHaveLength(8);
  });

  it("writes the same bytes for the same claims in another order", () => {
    const a = writeCurated(claims, "x").map((f) => f.sha256);
    const b = writeCurated([...claims].reverse(), "x").map((f) => f.sha256);
    expect(b).toEqual(a);
  });

  it("is read by DuckDB as is, with the partitions as columns and exact totals", async () => {
    const connection = await instance.connect();
    const result = await connection.runAndReadAll(
      `select period, count(*)::bigint as n, sum(payment)::varchar as total
       from read_parquet('${dir}/curated/claims/**/*.parquet') where hospital = 'H-1' group by period order by period`,
    );
    const expected = ["2027-01", "2027-02"].map((p) => {
      const mine = claims.filter((c) => c.period === p && c.hospitalCode === "H-1");
      const sen = mine.reduce((s, c) => s + BigInt(c.paymentSen), 0n);
      return { period: p, n: BigInt(mine.length), total: `${sen / 100n}.${String(sen % 100n).padStart(2, "0")}` };
    });
    expect(result.getRowObjectsJS()).toEqual(expected);
  });
});
