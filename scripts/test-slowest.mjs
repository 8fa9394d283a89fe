#!/usr/bin/env node
// Prints the slowest test files of a vitest JSON report, to find what breaks the unit suite's rule
// (a unit test file takes under ~2 s and needs no server; a slower one goes to *.int.test.ts).
//   npm run test:slowest                     # runs the unit suite with the JSON reporter, then prints
//   node scripts/test-slowest.mjs report.json [count]   # reads a report (e.g. one .ci/run wrote)
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

const LIMIT_S = 2;
let [file, count = "25"] = process.argv.slice(2);
if (!file) {
  file = join(mkdtempSync(join(tmpdir(), "casemix-slowest-")), "unit.json");
  const run = spawnSync("npx", ["vitest", "run", "--project", "unit", "--reporter=dot", "--reporter=json", `--outputFile.json=${file}`], { stdio: "inherit" });
  if (run.error) throw run.error;
}
const report = JSON.parse(readFileSync(file, "utf8"));
const files = report.testResults
  .map((r) => ({
    name: relative(process.cwd(), r.name),
    seconds: (r.endTime - r.startTime) / 1000,
    tests: r.assertionResults.length,
    slowest: r.assertionResults.reduce((a, t) => ((t.duration ?? 0) > (a?.duration ?? -1) ? t : a), undefined),
  }))
  .sort((a, b) => b.seconds - a.seconds);
const total = files.reduce((s, f) => s + f.seconds, 0);
console.log(`${files.length} files, ${report.numTotalTests} tests, ${total.toFixed(1)} s of file time (summed over workers)`);
console.log(`files over ${LIMIT_S} s: ${files.filter((f) => f.seconds > LIMIT_S).length}\n`);
console.log("     s  tests  file  (slowest test)");
for (const f of files.slice(0, Number(count))) {
  const slow = f.slowest ? `  (${((f.slowest.duration ?? 0) / 1000).toFixed(1)} s: ${f.slowest.title})` : "";
  console.log(`${f.seconds.toFixed(1).padStart(6)}  ${String(f.tests).padStart(5)}  ${f.name}${slow}`);
}
