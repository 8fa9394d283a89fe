/**
 * Throughput of the group step on whole chunks: 10,000-claim chunks (the CHS-DRG conformance claims
 * repeated, turned into landing rows) through the real handler and the idempotent processor: read and
 * verify both chunk objects, group with the published CHS-DRG 1.1 from config_version, write the group
 * chunk, store 10,000 groupings with traces and the claim states in one transaction.
 *   taskset -c 0 npx node functions/group/bench/chunk.ts [--chunks 5] [--size 10000]
 * Embedded (PGlite and a folder store), one core. DRG agreement with the reference is checked, as far as
 * the landing rows reproduce each claim's age (dates of birth are derived from the ages).
 */
import { parseArgs } from "node:util";
import { readConformanceCases, chsDrgDir } from "@casemix/chs-drg";
import { createDraft, importDefinitionDir, publishVersion } from "@casemix/config";
import { createEventProcessor, createLogger } from "@casemix/runtime";
import { addDays } from "@casemix/config";
import { createGroupHandler } from "../src/handler.ts";
import { createGroupTestWorld, dedupedChunk, type FixtureClaim } from "../src/test-fixtures.ts";

const { values } = parseArgs({ options: { chunks: { type: "string", default: "5" }, size: { type: "string", default: "10000" } } });
const chunks = Number(values.chunks);
const size = Number(values.size);

const world = await createGroupTestWorld();
const v = await createDraft(world.db, importDefinitionDir(chsDrgDir, "chs-drg"));
await publishVersion(world.db, v.id);
const cases = readConformanceCases();
const DISCHARGE = "2027-01-20";

function fixture(i: number): FixtureClaim {
  const { claim } = cases[i % cases.length];
  const admission = addDays(DISCHARGE, -(claim.los ?? 0));
  const years = claim.ageYears ?? 40;
  const dob = years === 0 && claim.ageDays !== null ? addDays(admission, -claim.ageDays) : `${Number(admission.slice(0, 4)) - years}${admission.slice(4)}`;
  return {
    claimNumber: `C${i}`, principalDiagnosis: claim.principalDx ?? "", secondaryDiagnoses: claim.secondaryDx.join("|"), procedures: claim.procedures.join("|"),
    procedureDates: claim.procedures.map(() => "").join("|"), sex: claim.sex ?? "U", birthWeightGrams: claim.birthWeight, dischargeStatus: claim.dischargeStatus ?? "1",
    department: claim.department, admissionDate: admission, dischargeDate: DISCHARGE, dateOfBirth: dob,
  };
}

const processor = createEventProcessor({ fn: createGroupHandler({ store: world.store, config: world.config }), db: world.db, deps: {}, log: createLogger({ level: "silent" }) });
const times: number[] = [];
let agree = 0;
let total = 0;
for (let c = 0; c < chunks; c++) {
  const event = await dedupedChunk(world.db, world.store, `bat_bench${c}`, Array.from({ length: size }, (_, i) => fixture(c * size + i)));
  const t = performance.now();
  const result = await processor.process(event);
  times.push(performance.now() - t);
  if (result.status !== 200) throw new Error(`chunk ${c}: ${result.status} ${result.error?.message}`);
  const { rows } = await world.db.query<{ row_no: number; drg: string }>("select row_no, drg from grouping where batch_id = $1", [`bat_bench${c}`]);
  for (const r of rows) {
    total++;
    if (r.drg === cases[(c * size + Number(r.row_no) - 1) % cases.length].expected.drg) agree++;
  }
}
const mem = process.memoryUsage().rss / 2 ** 20;
console.log(`group step, ${chunks} chunks of ${size} claims (CHS-DRG 1.1 from config_version, PGlite, folder store)`);
console.log(`per chunk (ms): ${times.map((t) => t.toFixed(0)).join(", ")} (the first includes loading and compiling the definition)`);
const warm = times.slice(1);
const mean = warm.reduce((a, b) => a + b, 0) / Math.max(1, warm.length);
console.log(`warm: ${mean.toFixed(0)} ms per chunk = ${((size / mean) * 1000).toFixed(0)} claims/s; RSS ${mem.toFixed(0)} MiB`);
console.log(`groupings stored: ${total}; DRG equal to the reference: ${agree} (${((agree / total) * 100).toFixed(2)}%)`);
await world.close();
