// CPU time (user+sys) of each phase of opening a test database, less sensitive to a loaded machine
// than wall time: copying the migrated template folder, opening PGlite on it, closing, deleting; against
// loading the template's tarball into an in-memory PGlite; against resetting a used one (what
// createTestPglite does between the tests of a process).
//   npx node shared/db/bench/pglite-phases.ts [rounds]
import { cpSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pgliteTemplateDir } from "../src/index.ts";
import { resetTestDatabase, schemaFingerprint } from "../src/test-reset.ts";

const rounds = Number(process.argv[2] ?? 5);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const totals = new Map<string, { cpu: number; wall: number }>();
async function phase<T>(name: string, fn: () => Promise<T> | T): Promise<T> {
  const c = cpu(), w = performance.now();
  const r = await fn();
  const t = totals.get(name) ?? { cpu: 0, wall: 0 };
  t.cpu += cpu() - c; t.wall += performance.now() - w;
  totals.set(name, t);
  return r;
}
const template = await pgliteTemplateDir();
// warm: compile the WASM once, as any process does on its first open
await (await PGlite.create({ dataDir: template })).close();
const seed = await PGlite.create({ dataDir: template });
const tarball = await seed.dumpDataDir("none");
await seed.close();
for (let i = 0; i < rounds; i++) {
  const dir = await mkdtemp(join(tmpdir(), "casemix-pglite-bench-"));
  await phase("folder: copy", () => cpSync(template, dir, { recursive: true }));
  const pg = await phase("folder: open", () => PGlite.create({ dataDir: dir, relaxedDurability: true }));
  await phase("folder: query", () => pg.query("select count(*) from outbox"));
  await pg.query("insert into outbox (event) values ('{}')");
  await phase("reuse: reset", () => resetTestDatabase(pg));
  await phase("reuse: fingerprint", () => schemaFingerprint(pg));
  await phase("folder: close", () => pg.close());
  await phase("folder: delete", () => rm(dir, { recursive: true, force: true }));
  const mem = await phase("memory: load tarball + open", () => PGlite.create({ loadDataDir: tarball, relaxedDurability: true }));
  await phase("memory: query", () => mem.query("select count(*) from outbox"));
  await phase("memory: close", () => mem.close());
}
for (const [name, t] of totals) console.log(`${name.padEnd(30)} cpu ${(t.cpu / rounds).toFixed(0).padStart(5)} ms  wall ${(t.wall / rounds).toFixed(0).padStart(5)} ms`);
console.log(`tarball ${(tarball.size / 1048576).toFixed(1)} MiB`);
