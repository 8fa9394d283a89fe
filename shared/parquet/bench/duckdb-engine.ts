// DuckDB as the alternative chunk engine, measured by parquet-bench.ts for comparison only.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance, LIST, VARCHAR, dateValue, decimalValue, listValue, type DuckDBAppender, type DuckDBConnection } from "@duckdb/node-api";
import { daysFromIsoDate, type ChunkRow } from "../src/index.ts";

const columnTypes: [string, string][] = [
  ["claim_id", "varchar"], ["hospital", "varchar"], ["episode_no", "varchar"], ["patient_key", "varchar"], ["sex", "varchar"],
  ["birth_date", "date"], ["admission_date", "date"], ["discharge_date", "date"], ["age_years", "integer"], ["los_days", "integer"],
  ["discharge_status", "varchar"], ["principal_dx", "varchar"], ["secondary_dx", "varchar[]"], ["procedures", "varchar[]"],
  ["total_charge", "decimal(14,2)"], ["newborn_weight_g", "integer"], ["is_transfer", "boolean"], ["row_no", "bigint"],
];
const columns = columnTypes.map(([n, t]) => `${n} ${t}`).join(", ");
// total_charge arrives as integer sen: read it as bigint, divide exactly in SQL.
const jsonColumns = `{${columnTypes.map(([n, t]) => `'${n}': '${n === "total_charge" ? "bigint" : t}'`).join(", ")}}`;
const jsonSelect = columnTypes.map(([n]) => (n === "total_charge" ? "(total_charge::decimal(16,0) * 0.01)::decimal(14,2) as total_charge" : n)).join(", ");

export type Engine = {
  write(rows: ChunkRow[]): Promise<{ bytes: Uint8Array; sha256: string }>;
  read(bytes: Uint8Array): Promise<number>;
  close(): void;
};

const stringList = LIST(VARCHAR);

function appendRow(a: DuckDBAppender, r: ChunkRow): void {
  a.appendVarchar(r.claim_id as string);
  a.appendVarchar(r.hospital as string);
  a.appendVarchar(r.episode_no as string);
  a.appendVarchar(r.patient_key as string);
  a.appendVarchar(r.sex as string);
  a.appendDate(dateValue(daysFromIsoDate(r.birth_date as string)!));
  a.appendDate(dateValue(daysFromIsoDate(r.admission_date as string)!));
  a.appendDate(dateValue(daysFromIsoDate(r.discharge_date as string)!));
  a.appendInteger(r.age_years as number);
  a.appendInteger(r.los_days as number);
  a.appendVarchar(r.discharge_status as string);
  a.appendVarchar(r.principal_dx as string);
  a.appendList(listValue(r.secondary_dx as string[]), stringList);
  a.appendList(listValue(r.procedures as string[]), stringList);
  a.appendDecimal(decimalValue(BigInt(r.total_charge as number), 14, 2));
  if (r.newborn_weight_g === null) a.appendNull();
  else a.appendInteger(r.newborn_weight_g as number);
  a.appendBoolean(r.is_transfer as boolean);
  a.appendBigInt(r.row_no as bigint);
  a.endRow();
}

/**
 * `appender`: rows appended value by value into a table, then COPY ... TO parquet.
 * `json`: rows serialised as NDJSON to a temp file, then DuckDB's read_json -> COPY TO parquet.
 * DuckDB bounded: threads=1, memory_limit=128MB (unbounded it takes a thread per core, 80% of RAM).
 */
export async function createDuckdbEngine(mode: "appender" | "json", workDir: string): Promise<Engine> {
  const instance = await DuckDBInstance.create(":memory:", { threads: "1", memory_limit: "128MB" });
  const con: DuckDBConnection = await instance.connect();
  await con.run(`create table chunk (${columns})`);
  const out = join(workDir, "duck-chunk.parquet");
  const json = join(workDir, "duck-chunk.ndjson");
  return {
    async write(rows) {
      if (mode === "appender") {
        await con.run("delete from chunk");
        const a = await con.createAppender("chunk");
        for (const r of rows) appendRow(a, r);
        a.closeSync();
        await con.run(`copy chunk to '${out}' (format parquet)`);
      } else {
        writeFileSync(json, rows.map((r) => JSON.stringify(r, (_k, v) => (typeof v === "bigint" ? v.toString() : v))).join("\n"));
        await con.run(`copy (select ${jsonSelect} from read_json('${json}', format = 'newline_delimited', columns = ${jsonColumns})) to '${out}' (format parquet)`);
      }
      const bytes = readFileSync(out);
      return { bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
    },
    async read(bytes) {
      writeFileSync(out, bytes);
      const reader = await con.runAndReadAll(`select * from read_parquet('${out}')`);
      return reader.getRowObjectsJS().length;
    },
    close() {
      con.closeSync();
      instance.closeSync();
    },
  };
}
