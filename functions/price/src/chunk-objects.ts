import type { ObjectRef } from "@casemix/events";
import { ParquetError, readChunk, verifyChunk, type ChunkRow } from "@casemix/parquet";
import { invalid, transient } from "@casemix/runtime";
import type { ObjectStore } from "@casemix/storage";

/** Columns of the `price/...` chunk object, one per field of PricedRow (shared/claims chunk-rows.ts). */
export const PRICED_COLUMNS = [
  { name: "rowNo", type: "int32" },
  { name: "claimId", type: "string" },
  { name: "version", type: "int32" },
  { name: "tariffVersionId", type: "string" },
  { name: "drg", type: "string" },
  { name: "totalSen", type: "int64" },
  { name: "errorCode", type: "string", nullable: true },
] as const;

/**
 * Reads a chunk object named by an event, checking its sha256 and row count: an unreadable store is
 * transient (retried), an object that does not match its event is invalid (dead-lettered).
 */
export async function readChunkRef(store: ObjectStore, ref: ObjectRef, field: string): Promise<ChunkRow[]> {
  let bytes: Uint8Array;
  try {
    bytes = await store.get(ref.objectKey);
  } catch (error) {
    throw transient("E_OBJECT_UNAVAILABLE", `cannot read ${ref.objectKey}: ${(error as Error).message}`);
  }
  try {
    await verifyChunk(bytes, ref);
    return await readChunk(bytes);
  } catch (error) {
    if (error instanceof ParquetError) throw invalid(error.code, `${field} ${ref.objectKey}: ${error.message}`, field);
    throw error;
  }
}
