// Parquet chunk benchmark: 1M claim-like rows in chunks of 10k, write and read rows/s, peak RSS.
//   npx node shared/parquet/bench/parquet-bench.ts                    # every engine, one child process each
//   npx node shared/parquet/bench/parquet-bench.ts --engine hyparquet --rows 1000000 --chunk 10000
// Row generation is outside the timings. Each engine runs in its own process so peak RSS is its own,
// with the V8 old space bounded to 128 MiB as an intake process should run (--node-flags to change;
// "" for Node's defaults, under which V8 lets the heap grow lazily to ~250 MiB RSS before collecting;
// a smaller young generation, --max-semi-space-size=4, saves ~35 MiB more but costs ~25% of write speed).
// Rates are given per wall-clock second and per CPU second of this process (user + system, all its
// threads): on a shared machine the CPU rate is the steadier number.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { readChunkBatches, writeChunk } from "../src/index.ts";
import { claimRows, claimSchema } from "./claim-rows.ts";
import { createDuckdbEngine, type Engine } from "./duckdb-engine.ts";

const engines = ["hyparquet", "duckdb-appender", "duckdb-json"] as const;
const { values } = parseArgs({
  options: {
    engine: { type: "string" },
    rows: { type: "string", default: "1000000" },
    chunk: { type: "string", default: "10000" },
    "node-flags": { type: "string", default: "--max-old-space-size=128" },
  },
});
const totalRows = Number(values.rows);
const chunkRows = Number(values.chunk);

const hyparquetEngine: Engine = {
  async write(rows) {
    return writeChunk(claimSchema, rows);
  },
  async read(bytes) {
    let n = 0;
    for await (const batch of readChunkBatches(bytes, { schema: claimSchema })) n += batch.length;
    return n;
  },
  close() {},
};

async function measure(name: string): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "casemix-parquet-bench-"));
  const engine = name === "hyparquet" ? hyparquetEngine : await createDuckdbEngine(name === "duckdb-json" ? "json" : "appender", work);
  let writeMs = 0;
  let readMs = 0;
  let writeCpuUs = 0;
  let readCpuUs = 0;
  const cpu = () => {
    const u = process.cpuUsage();
    return u.user + u.system;
  };
  let bytesTotal = 0;
  let read = 0;
  try {
    for (let start = 0; start < totalRows; start += chunkRows) {
      const rows = claimRows(start, Math.min(chunkRows, totalRows - start));
      const [t0, c0] = [performance.now(), cpu()];
      const { bytes } = await engine.write(rows);
      const [t1, c1] = [performance.now(), cpu()];
      read += await engine.read(bytes);
      readMs += performance.now() - t1;
      readCpuUs += cpu() - c1;
      writeMs += t1 - t0;
      writeCpuUs += c1 - c0;
      bytesTotal += bytes.byteLength;
    }
  } finally {
    engine.close();
    rmSync(work, { recursive: true, force: true });
  }
  if (read !== totalRows) throw new Error(`${name} read ${read} rows, wrote ${totalRows}`);
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  console.log(
    JSON.stringify({
      engine: name,
      rows: totalRows,
      chunkRows,
      writeRowsPerSec: Math.round(totalRows / (writeMs / 1000)),
      readRowsPerSec: Math.round(totalRows / (readMs / 1000)),
      writeRowsPerCpuSec: Math.round(totalRows / (writeCpuUs / 1e6)),
      readRowsPerCpuSec: Math.round(totalRows / (readCpuUs / 1e6)),
      avgChunkKiB: Math.round(bytesTotal / Math.ceil(totalRows / chunkRows) / 1024),
      peakRssMiB: Math.round(peakMiB),
    }),
  );
}

if (values.engine) {
  await measure(values.engine);
} else {
  const flags = values["node-flags"].split(/\s+/).filter(Boolean);
  console.log(`parquet chunks: ${totalRows} claim rows in chunks of ${chunkRows} (node ${process.version} ${flags.join(" ")}; load ${loadavg()[0].toFixed(1)} on ${cpus().length} cores)`);
  console.log("engine            write rows/s (per CPU s)   read rows/s (per CPU s)   chunk KiB   peak RSS MiB");
  for (const engine of engines) {
    const out = execFileSync(process.execPath, [...flags, new URL(import.meta.url).pathname, "--engine", engine, "--rows", String(totalRows), "--chunk", String(chunkRows)], {
      encoding: "utf8",
    });
    const r = JSON.parse(out.trim().split("\n").at(-1)!);
    console.log(
      `${r.engine.padEnd(16)} ${String(r.writeRowsPerSec).padStart(13)} (${String(r.writeRowsPerCpuSec).padStart(7)})   ${String(r.readRowsPerSec).padStart(12)} (${String(r.readRowsPerCpuSec).padStart(7)}) ${String(r.avgChunkKiB).padStart(11)} ${String(r.peakRssMiB).padStart(14)}`,
    );
  }
}
