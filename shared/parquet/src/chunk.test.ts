import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { claimRows, claimSchema } from "../bench/claim-rows.ts";
import { chunkInfo, fileSource, readChunk, readChunkBatches, verifyChunk } from "./read.ts";
import type { ChunkSchema } from "./schema.ts";
import { writeChunk } from "./write.ts";

const everyType: ChunkSchema = [
  { name: "s", type: "string" },
  { name: "i", type: "int32" },
  { name: "l", type: "int64" },
  { name: "m", type: "decimal", precision: 18, scale: 2 },
  { name: "small", type: "decimal", precision: 9, scale: 4, nullable: true },
  { name: "d", type: "date" },
  { name: "b", type: "boolean" },
  { name: "codes", type: "list<string>" },
  { name: "maybe", type: "string", nullable: true },
];

describe("parquet chunks", () => {
  it("every column type reads back as written, decimals as exact text", async () => {
    const rows = [
      { s: "ä-漢", i: -5, l: 9007199254740993n, m: "9999999999999999.99", small: "0.0001", d: "2026-02-28", b: true, codes: ["A01.0", "B02"], maybe: "x" },
      { s: "", i: 2147483647, l: "-12", m: 123450, small: null, d: "1931-01-01", b: false, codes: [], maybe: undefined },
    ];
    const chunk = writeChunk(everyType, rows);
    expect(await readChunk(chunk.bytes, { schema: everyType })).toEqual([
      { s: "ä-漢", i: -5, l: 9007199254740993n, m: "9999999999999999.99", small: "0.0001", d: "2026-02-28", b: true, codes: ["A01.0", "B02"], maybe: "x" },
      { s: "", i: 2147483647, l: -12n, m: "1234.50", small: null, d: "1931-01-01", b: false, codes: [], maybe: null },
    ]);
  });

  it("a nullable list keeps null apart from an empty list", async () => {
    const schema: ChunkSchema = [{ name: "codes", type: "list<string>", nullable: true }];
    const chunk = writeChunk(schema, [{ codes: null }, { codes: [] }, { codes: ["Z99"] }]);
    expect(await readChunk(chunk.bytes)).toEqual([{ codes: null }, { codes: [] }, { codes: ["Z99"] }]);
  });

  it("the writer returns the sha256 of the bytes and the row count", () => {
    const chunk = writeChunk(claimSchema, claimRows(0, 25));
    expect(chunk.rowCount).toBe(25);
    expect(chunk.sha256).toBe(createHash("sha256").update(chunk.bytes).digest("hex"));
  });

  it("the same rows give the same bytes, so a redelivered event rewrites an identical object", () => {
    expect(writeChunk(claimSchema, claimRows(0, 50)).sha256).toBe(writeChunk(claimSchema, claimRows(0, 50)).sha256);
  });

  it("a null in a required column is refused, naming the column and the row", () => {
    const rows = claimRows(0, 3);
    rows[2].principal_dx = null;
    expect(() => writeChunk(claimSchema, rows)).toThrow(expect.objectContaining({ code: "E_PARQUET_NULL", column: "principal_dx", row: 2 }));
  });

  it("money with more places than the column's scale is refused, not rounded", () => {
    const rows = claimRows(0, 1);
    rows[0].total_charge = "10.005";
    expect(() => writeChunk(claimSchema, rows)).toThrow(expect.objectContaining({ code: "E_PARQUET_VALUE", column: "total_charge" }));
  });

  it("an impossible date is refused", () => {
    const rows = claimRows(0, 1);
    rows[0].admission_date = "2026-02-30";
    expect(() => writeChunk(claimSchema, rows)).toThrow(/admission_date.*YYYY-MM-DD/);
  });

  it("reading with another schema than the chunk's fails with E_PARQUET_SCHEMA", async () => {
    const chunk = writeChunk(claimSchema, claimRows(0, 2));
    const other: ChunkSchema = [...claimSchema.slice(0, -1), { name: "row_no", type: "int32" }];
    await expect(readChunk(chunk.bytes, { schema: other })).rejects.toMatchObject({ code: "E_PARQUET_SCHEMA" });
  });

  it("batches follow row groups, in order, and add up to the chunk", async () => {
    const rows = claimRows(100, 2_500);
    const chunk = writeChunk(claimSchema, rows, { rowGroupSize: 1_000 });
    const sizes: number[] = [];
    const ids: unknown[] = [];
    for await (const batch of readChunkBatches(chunk.bytes)) {
      sizes.push(batch.length);
      ids.push(...batch.map((r) => r.claim_id));
    }
    expect(sizes).toEqual([1_000, 1_000, 500]);
    expect(ids).toEqual(rows.map((r) => r.claim_id));
  });

  it("a chunk on disk is read through fileSource", async () => {
    const dir = await mkdtemp(join(tmpdir(), "casemix-parquet-"));
    try {
      const chunk = writeChunk(claimSchema, claimRows(0, 300), { metadata: { batch: "bat_1" } });
      await writeFile(join(dir, "c.parquet"), chunk.bytes);
      const source = await fileSource(join(dir, "c.parquet"));
      expect(await chunkInfo(source)).toMatchObject({ rowCount: 300, metadata: { batch: "bat_1" } });
      expect((await readChunk(source, { columns: ["claim_id"] }))[299]).toEqual({ claim_id: claimRows(299, 1)[0].claim_id });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("verifyChunk accepts the written chunk and catches a changed byte or a wrong row count", async () => {
    const chunk = writeChunk(claimSchema, claimRows(0, 10));
    await verifyChunk(chunk.bytes, chunk);
    await expect(verifyChunk(chunk.bytes, { ...chunk, rowCount: 11 })).rejects.toMatchObject({ code: "E_CHUNK_ROW_COUNT" });
    const changed = chunk.bytes.slice();
    changed[100] ^= 1;
    await expect(verifyChunk(changed, chunk)).rejects.toMatchObject({ code: "E_CHUNK_SHA256" });
  });

  it("bytes that are not parquet fail with E_PARQUET_CORRUPT", async () => {
    await expect(readChunk(new TextEncoder().encode("not parquet at all"))).rejects.toMatchObject({ code: "E_PARQUET_CORRUPT" });
  });
});
