import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { once } from "node:events";

/** A buffered, hashed output file: lines are gathered into blocks of ~64 KiB before each write. */
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
  let parts: string[] = [];
  let size = 0;
  let bytes = 0;
  let blocked = false;
  let failure: Error | null = null;
  stream.on("error", (e) => (failure = e));
  const flush = () => {
    if (parts.length === 0) return;
    const buf = Buffer.from(parts.join(""), "utf8");
    parts = [];
    size = 0;
    hash.update(buf);
    bytes += buf.length;
    if (!stream.write(buf)) blocked = true;
  };
  return {
    path,
    line(text) {
      parts.push(text, "\n");
      size += text.length + 1;
      if (size >= BLOCK) flush();
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
