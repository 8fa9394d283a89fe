import type { ObjectRef } from "@casemix/events";
import { ParquetError, readChunk, verifyChunk, type ChunkRow, type ChunkSchema } from "@casemix/parquet";
import { invalid, transient } from "@casemix/runtime";
import type { ObjectStore } from "@casemix/storage";

/**
 * Columns of the `group/...` chunk object, one per field of GroupedRow (shared/claims chunk-rows.ts).
 * Severity is null for a claim that no secondary diagnosis raised.
 */
export const GROUPED_COLUMNS = [
  { name: "rowNo", type: "int32" },
  { name: "claimId", type: "string" },
  { name: "version", type: "int32" },
  { name: "definitionVersionId", type: "string" },
  { name: "mdc", type: "string" },
  { name: "adrg", type: "string" },
  { name: "drg", type: "string" },
  { name: "severity", type: "string", nullable: true },
] as const;

/**
 * Reads a chunk object an event names, checked against the event (sha256, row count, schema): a store
 * that does not answer is transient (503, retried), an object that does not match is invalid (400).
 */
export async function readCheckedChunk(store: ObjectStore, ref: ObjectRef, schema: ChunkSchema, field: string): Promise<ChunkRow[]> {
  let bytes: Uint8Array;
  try {
    bytes = await store.get(ref.objectKey);
  } catch (error) {
    throw transient("E_OBJECT_UNAVAILABLE", `cannot read ${ref.objectKey}: ${(error as Error).message}`);
  }
  try {
    await verifyChunk(bytes, ref);
    return await readChunk(bytes, { schema });
  } catch (error) {
    if (error instanceof ParquetError) throw invalid(error.code, `${field} ${ref.objectKey}: ${error.message}`, field);
    throw error;
  }
}
