/**
 * Time from spawning each distributed function to /readyz answering 200, as a Knative cold start sees
 * it: the national mesh started `--runs` times (default 3), one function after another, medians printed.
 *
 *   eval "$(bash scripts/services-env.sh)"; npx node e2e/bench/ready.ts --runs 3
 */
import { parseArgs } from "node:util";
import { startNationalMesh } from "../src/national/mesh.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "3" } } });
const runs = Number(values.runs);
const samples = new Map<string, number[]>();
for (let i = 0; i < runs; i++) {
  const mesh = await startNationalMesh(`ready${i}`, {}, { quietKafka: true });
  for (const [name, ms] of mesh.readyMs) samples.set(name, [...(samples.get(name) ?? []), Math.round(ms)]);
  await mesh.close();
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`ready ms, spawn to /readyz 200, median of ${runs} (samples)`);
for (const [name, xs] of samples) console.log(`${name.padEnd(14)} ${String(median(xs)).padStart(6)}   (${xs.join(", ")})`);
process.exit(0);
