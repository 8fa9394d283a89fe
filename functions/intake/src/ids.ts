import { createHash, randomBytes } from "node:crypto";

/** A new batch id: `bat_` + time-ordered base36 + random, so ids sort roughly by arrival. */
export function newBatchId(now: Date): string {
  return `bat_${now.getTime().toString(36)}${randomBytes(8).toString("hex")}`;
}

/** A batch id derived from something stable (an SFTP file's path, size and mtime), so a resumed fetch reuses it. */
export function derivedBatchId(...parts: string[]): string {
  return `bat_${createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 28)}`;
}

/** Chunk ids carry their batch and position: `chk_<batch tail>-<index>`. */
export function chunkIdOf(batchId: string, index: number): string {
  return `chk_${batchId.slice(4, 40)}-${String(index).padStart(5, "0")}`;
}
