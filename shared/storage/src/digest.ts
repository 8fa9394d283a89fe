import { createHash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";

/** Hex sha256 of a whole body. */
export function sha256Hex(body: Uint8Array): string {
  return createHash("sha256").update(body).digest("hex");
}

/** Bytes of a body given as a string (UTF-8) or as bytes. */
export function toBytes(body: Uint8Array | string): Uint8Array {
  return typeof body === "string" ? Buffer.from(body, "utf8") : body;
}

/**
 * A pass-through stream that hashes and counts what flows through it, so a streamed upload learns
 * its sha256 and size without holding the body.
 */
export class DigestStream extends Transform {
  #hash = createHash("sha256");
  #size = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#hash.update(chunk);
    this.#size += chunk.length;
    callback(null, chunk);
  }

  /** Valid once the stream has ended. */
  result(): { size: number; sha256: string } {
    return { size: this.#size, sha256: this.#hash.digest("hex") };
  }
}
