// Chunks must be readable by standard readers: DuckDB reads ours, and we read DuckDB's.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimRows, claimSchema } from "../bench/claim-rows.ts";
import { readChunk } from "./read.ts";
import { writeChunk } from "./write.ts";

describe("parquet chunks and DuckDB", () => {
  let dir: string;
  let instance: DuckDBInstance;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "casemix-duckdb-"));
    // DuckDB defaults to a thread per core and 80% of RAM; bounded as intake would be.
    instance = await DuckDBInstance.create(":memory:", { threads: "1", memory_limit: "128MB" });
  });
  afterAll(async () => {
    instance?.closeSync();
    await rm(dir, { recursive: true, force: true });
  });

  it("DuckDB reads a chunk's row count, exact money total, dates and code lists", async () => {
    const rows = claimRows(0, 10_000);
    const file = join(dir, "claims.parquet");
    await writeFile(file, writeChunk(claimSchema, rows).bytes);
    const sen = rows.reduce((sum, r) => sum + BigInt(r.total_charge as number), 0n);
    const codes = rows.reduce((n, r) => n + (r.secondary_dx as string[]).length, 0);
    const connection = await instance.connect();
    const result = await connection.runAndReadAll(
      `select count(*)::bigint as n, sum(total_charge)::varchar as total, sum(len(secondary_dx))::bigint as codes,
              min(admission_date)::varchar as first, count(newborn_weight_g)::bigint as weights
       from read_parquet('${file}')`,
    );
    const [row] = result.getRowObjectsJS();
    expect(row).toEqual({
      n: 10_000n,
      total: `${sen / 100n}.${String(sen % 100n).padStart(2, "0")}`,
      codes: BigInt(codes),
      first: "2026-01-01",
      weights: BigInt(rows.filter((r) => r.newborn_weight_g !== null).length),
    });
    const types = (await connection.runAndReadAll(`describe select total_charge, secondary_dx, row_no from read_parquet('${file}')`)).getRows();
    expect(types.map((t) => t[1])).toEqual(["DECIMAL(14,2)", "VARCHAR[]", "BIGINT"]);
    connection.closeSync();
  });

  it("a parquet file written by DuckDB reads back with exact decimals and dates", async () => {
    const file = join(dir, "duck.parquet");
    const connection = await instance.connect();
    await connection.run(
      `copy (select 'clm_' || i as claim_id, cast(i * 10.01 as decimal(14,2)) as charge, date '2026-01-01' + i::int as d, ['A', 'B'] as codes
             from range(3) t(i)) to '${file}' (format parquet)`,
    );
    connection.closeSync();
    const rows = await readChunk(new Uint8Array(await readFile(file)));
    expect(rows).toEqual([
      { claim_id: "clm_0", charge: "0.00", d: "2026-01-01", codes: ["A", "B"] },
      { claim_id: "clm_1", charge: "10.01", d: "2026-01-02", codes: ["A", "B"] },
      { claim_id: "clm_2", charge: "20.02", d: "2026-01-03", codes: ["A", "B"] },
    ]);
  });
});
