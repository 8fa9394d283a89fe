import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { once } from "node:events";

/** A buffered, hashed output file: lines are encoded into blocks of 64 KiB, one write per block. */
export type FileSink = {
  readonly path: string;
  line(text: string): void;
  /** Resolves once the file can take more (call between batches of lines: backpressure). */
  ready(): Promise<void>;
  close(): Promise<{ bytes: number; sha256: string }>;
};

// Small enough that one buffer per hospital file (hundreds open at once) stays a few MiB in all.
const BLOCK = 64 * 1024;

export function createFileSink(path: string): FileSink {
  const stream = createWriteStream(path);
  const hash = createHash("sha256");
  // Each line is encoded into the block at once, so its string dies young: holding lines as strings
  // until a flush kept them alive through a garbage collection (measured: GC was 40% of the run).
  let block = Buffer.allocUnsafe(BLOCK);
  let pos = 0;
  let bytes = 0;
  let blocked = false;
  let failure: Error | null = null;
  stream.on("error", (e) => (failure = e));
  const flush = () => {
    if (pos === 0) return;
    const chunk = block.subarray(0, pos);
    block = Buffer.allocUnsafe(BLOCK);
    pos = 0;
    hash.update(chunk);
    bytes += chunk.length;
    if (!stream.write(chunk)) blocked = true;
  };
  return {
    path,
    line(text) {
      // At most 3 bytes per UTF-16 unit in UTF-8; a longer line than a block gets a block of its own.
      if (pos + text.length * 3 + 1 > block.length) {
        flush();
        if (text.length * 3 + 1 > block.length) block = Buffer.allocUnsafe(text.length * 3 + 1);
      }
      pos += block.write(text, pos, "utf8");
      block[pos++] = 10;
    },
    async ready() {
      if (failure) throw failure;
      if (blocked) {
        await once(stream, "drain");
        blocked = false;
      }
    },
    async close() {
      flush();
      if (failure) throw failure;
      await new Promise<void>((resolve, reject) => stream.end((e?: Error | null) => (e ? reject(e) : resolve())));
      return { bytes, sha256: hash.digest("hex") };
    },
  };
}
