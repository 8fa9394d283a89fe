import type { ObjectRef } from "@casemix/events";
import { ParquetError, readChunk, verifyChunk, type ChunkRow, type ChunkSchema } from "@casemix/parquet";
import type { ObjectStore } from "@casemix/storage";
import { invalid, transient } from "./errors.ts";

/**
 * Reads a chunk object an event names, checked against the event: its sha256, its row count and, when
 * given, its columns (`schema`, so a chunk of another shape is refused). A store that does not answer is
 * transient (503, retried); an object that does not match its event is invalid (400, dead-lettered),
 * naming `field`, the event field that referenced it (e.g. `data.landing`).
 *
 * @example
 * const landing = await readCheckedChunk(store, data.landing, "data.landing", LANDING_COLUMNS);
 */
export async function readCheckedChunk(store: Pick<ObjectStore, "get">, ref: ObjectRef, field: string, schema?: ChunkSchema): Promise<ChunkRow[]> {
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
