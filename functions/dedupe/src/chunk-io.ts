import { ParquetError, readChunk, verifyChunk, type ChunkSchema } from "@casemix/parquet";
import { invalid, transient } from "@casemix/runtime";
import type { ObjectStore } from "@casemix/storage";

/**
 * Reads a chunk object an event names and checks it against the event (sha256, row count). A
 * mismatch is a bad event (400, dead-lettered); a store that does not answer is transient (503).
 */
export async function readCheckedChunk(store: ObjectStore, ref: { objectKey: string; sha256: string; rowCount: number }, schema: ChunkSchema): Promise<Record<string, unknown>[]> {
  let bytes: Uint8Array;
  try {
    bytes = await store.get(ref.objectKey);
  } catch (error) {
    throw transient("E_OBJECT_READ", `cannot read ${ref.objectKey}: ${(error as Error).message}`);
  }
  try {
    await verifyChunk(bytes, ref);
    return await readChunk(bytes, { schema });
  } catch (error) {
    if (error instanceof ParquetError) throw invalid(error.code, `${ref.objectKey}: ${error.message}`, "data.objectKey");
    throw error;
  }
}

/** Kuala Lumpur calendar date of an instant (UTC+8, no daylight saving). */
export function klDate(instant: string | undefined, fallback: Date): string {
  const ms = instant ? Date.parse(instant) : NaN;
  return new Date((Number.isNaN(ms) ? fallback.getTime() : ms) + 8 * 3_600_000).toISOString().slice(0, 10);
}
