import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import type { ObjectStore } from "@casemix/storage";

/**
 * DuckDB's SUM over a run's priced chunk objects (`price/<runId>/...`), copied out of the store to a
 * local folder (no httpfs extension offline). Returns the row count and the exact total in sen.
 */
export async function duckdbRunTotal(store: ObjectStore, runId: string): Promise<{ rows: number; totalSen: string }> {
  const dir = await mkdtemp(join(tmpdir(), "month-end-duckdb-"));
  try {
    let files = 0;
    for await (const o of store.list(`price/${runId}/`)) {
      const path = join(dir, o.key);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, await store.get(o.key));
      files++;
    }
    if (files === 0) return { rows: 0, totalSen: "0" };
    const instance = await DuckDBInstance.create(":memory:", { threads: "1", memory_limit: "256MB" });
    const connection = await instance.connect();
    const result = await connection.runAndReadAll(`select count(*)::bigint, coalesce(sum(totalSen), 0)::hugeint::varchar from read_parquet('${dir}/**/*.parquet')`);
    const [n, total] = result.getRows()[0];
    connection.closeSync();
    return { rows: Number(n), totalSen: String(total) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
