// How long a test waits for a database: a fresh PGlite migrated from scratch (what the template
// build costs once per machine) against createTestPglite (a copy of the template).
//   npx node shared/db/bench/test-pglite-bench.ts [copies]
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPgliteDb, createTestPglite, migrate, pgliteTemplateDir } from "../src/index.ts";

const copies = Number(process.argv[2] ?? 10);
const ms = (t: number) => `${Math.round(performance.now() - t)} ms`;

const dir = await mkdtemp(join(tmpdir(), "casemix-pglite-fresh-"));
let t = performance.now();
const fresh = await createPgliteDb({ dataDir: join(dir, "data") });
await migrate(fresh);
await fresh.query("select count(*) from outbox");
console.log(`fresh PGlite, initdb + migrate:        ${ms(t)}`);
await fresh.close();
await rm(dir, { recursive: true, force: true });

t = performance.now();
await pgliteTemplateDir();
console.log(`template ready (cached after first):   ${ms(t)}`);

const times: number[] = [];
for (let i = 0; i < copies; i++) {
  const start = performance.now();
  const db = await createTestPglite();
  await db.query("select count(*) from outbox");
  times.push(performance.now() - start);
  await db.close();
}
times.sort((a, b) => a - b);
console.log(`createTestPglite (copy + open + query): median ${Math.round(times[times.length >> 1])} ms, max ${Math.round(times.at(-1)!)} ms over ${copies}`);
console.log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`);
