import { writeChunk } from "@casemix/parquet";
import { describe, expect, it } from "vitest";
import { readCheckedChunk } from "./checked-chunk.ts";
import { CasemixError, statusOf } from "./errors.ts";

const COLUMNS = [{ name: "rowNo", type: "int32" }, { name: "claimId", type: "string" }] as const;
const chunk = writeChunk(COLUMNS, [{ rowNo: 1, claimId: "clm_a" }, { rowNo: 2, claimId: "clm_b" }]);
const objectKey = "group/bat_1/chk_1/evt_1.parquet";
const store = { get: async (key: string) => (key === objectKey ? chunk.bytes : Promise.reject(new Error("connection reset"))) };
const ref = { objectKey, sha256: chunk.sha256, rowCount: 2 };

async function failure(work: Promise<unknown>): Promise<CasemixError> {
  const error = await work.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(CasemixError);
  return error as CasemixError;
}

describe("readCheckedChunk", () => {
  it("reads the rows of a chunk that matches its event", async () => {
    expect(await readCheckedChunk(store, ref, "data.objectKey", COLUMNS)).toEqual([{ rowNo: 1, claimId: "clm_a" }, { rowNo: 2, claimId: "clm_b" }]);
  });

  it("a store that does not answer is transient: retried, not dead-lettered", async () => {
    const e = await failure(readCheckedChunk(store, { ...ref, objectKey: "group/bat_1/chk_1/evt_2.parquet" }, "data.objectKey"));
    expect([e.code, statusOf(e)]).toEqual(["E_OBJECT_UNAVAILABLE", 503]);
    expect(e.message).toContain("connection reset");
  });

  it("a chunk whose sha256 or row count is not the event's is invalid and names the event's field", async () => {
    const sha = await failure(readCheckedChunk(store, { ...ref, sha256: "0".repeat(64) }, "data.landing"));
    expect([sha.code, sha.field, statusOf(sha)]).toEqual(["E_CHUNK_SHA256", "data.landing", 400]);
    expect(sha.message.startsWith(`data.landing ${objectKey}: `)).toBe(true);
    const rows = await failure(readCheckedChunk(store, { ...ref, rowCount: 3 }, "landing"));
    expect([rows.code, rows.field]).toEqual(["E_CHUNK_ROW_COUNT", "landing"]);
  });

  it("a chunk of other columns than the schema is invalid; without a schema any columns are read", async () => {
    const other = [{ name: "rowNo", type: "int32" }, { name: "drg", type: "string" }] as const;
    const e = await failure(readCheckedChunk(store, ref, "data.objectKey", other));
    expect([e.code, statusOf(e)]).toEqual(["E_PARQUET_SCHEMA", 400]);
    expect(await readCheckedChunk(store, ref, "data.objectKey")).toHaveLength(2);
  });
});
