import { createWriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import { once } from "node:events";
import { GENERATED_HEADER, generateClaimRows } from "@casemix/claims";

/** Writes a generated claim CSV to disk in 1 MiB pieces; returns its size in bytes. */
export async function writeGeneratedFile(path: string, count: number, seed = 7, hospitalCode = "H10-DEC915"): Promise<number> {
  const out = createWriteStream(path);
  let buffer = GENERATED_HEADER + "\r\n";
  for (const row of generateClaimRows({ seed, count, hospitalCode })) {
    buffer += row.line + "\r\n";
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, "drain");
      buffer = "";
    }
  }
  out.end(buffer);
  await once(out, "finish");
  return (await stat(path)).size;
}
