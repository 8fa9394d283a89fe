/**
 * End-to-end benchmark of the `casemix group` process: writes a CSV of >= 1M claims (the conformance
 * rows repeated with distinct case ids), runs `npx casemix group --format chs-drg` on it as other
 * tools do (process start-up, import and compile included) and prints claims/s and the child's peak
 * memory. Run: taskset -c 0 npx node shared/grouper/bench/cli-bench.ts [claims]
 */
import { spawnSync } from "node:child_process";
import { createReadStream, mkdtempSync, openSync, readFileSync, rmSync, writeSync, closeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { casesCsv, chsDrgDir, hasSharedData } from "@casemix/chs-drg";

if (!hasSharedData) {
  console.error(`skipped: ${chsDrgDir} is absent`);
  process.exit(0);
}
const target = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), "casemix-cli-bench-"));
const input = join(dir, "claims.csv");
const output = join(dir, "result.csv");
const lines = readFileSync(casesCsv, "utf8").split("\n").filter((l) => l !== "");
const rows = lines.slice(1);
const rounds = Math.ceil(target / rows.length);
const fd = openSync(input, "w");
writeSync(fd, lines[0] + "\n");
for (let r = 0; r < rounds; r++) {
  // A distinct case id per row, so the output can be checked row by row.
  writeSync(fd, rows.map((l) => `R${r}-${l}`).join("\n") + "\n");
}
closeSync(fd);
const n = rounds * rows.length;

const start = performance.now();
const child = spawnSync("npx", ["casemix", "group", "--definitions", chsDrgDir, "--format", "chs-drg", "--input", input, "--output", output], {
  encoding: "utf8",
  cwd: new URL("../../../", import.meta.url).pathname,
});
const secs = (performance.now() - start) / 1000;
if (child.status !== 0) {
  console.error(child.stderr);
  process.exit(1);
}

// Check every output row against the expected values of its conformance row.
const expected = new Map(rows.map((l) => {
  const f = l.split(",");
  return [f[0], f.slice(-3).join(",")];
}));
let checked = 0;
let wrong = 0;
for await (const line of createInterface({ input: createReadStream(output, "utf8"), crlfDelay: Infinity })) {
  if (checked++ === 0) continue;
  const f = line.split(",");
  const id = f[0].slice(f[0].indexOf("-") + 1);
  if (expected.get(id) !== `${f[1]},${f[2]},${f[3]}`) wrong++;
}
rmSync(dir, { recursive: true, force: true });
const fmt = (x: number) => Math.round(x).toLocaleString("en-US");
console.log(`process           npx casemix group --format chs-drg (start-up, import, compile, CSV in and out)`);
console.log(`claims            ${fmt(n)} (${fmt(checked - 1)} output rows, ${wrong} disagree with the reference)`);
console.log(`wall time         ${secs.toFixed(2)} s = ${fmt(n / secs)} claims/s`);
console.log(`child report      ${child.stderr.trim().split("\n").pop()}`);
if (wrong > 0 || checked - 1 !== n) process.exitCode = 1;
