import { createHash, randomUUID } from "node:crypto";
import { cpSync, existsSync, readFileSync } from "node:fs";
import { mkdtemp, rename, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { loadMigrations, migrate } from "./migrate.ts";
import { createPgliteDb } from "./pglite.ts";
import { createPgliteWorkerDb } from "./pglite-worker.ts";
import type { Db } from "./port.ts";

function pgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  return JSON.parse(readFileSync(join(dirname(entry), "..", "package.json"), "utf8")).version as string;
}

let template: Promise<string> | undefined;

/**
 * A migrated PGlite data folder, built once per machine and reused: a fresh PGlite takes seconds
 * to initdb, a copy of this folder opens in a fraction of that. The folder name carries a hash of
 * the migration files and the PGlite version, so a new migration builds a new template. Built
 * under a temporary name and renamed into place, so parallel test workers never see half of one.
 */
export function pgliteTemplateDir(): Promise<string> {
  template ??= (async () => {
    const migrations = await loadMigrations();
    const hash = createHash("sha256").update(pgliteVersion());
    for (const m of migrations) hash.update(m.name).update(m.checksum);
    const dir = join(tmpdir(), `casemix-pglite-template-${hash.digest("hex").slice(0, 16)}`);
    if (existsSync(dir)) return dir;
    const building = `${dir}.building-${process.pid}-${randomUUID()}`;
    // A 1 MiB WAL segment instead of 16 MiB makes the folder a third smaller, so copies are faster.
    const db = await createPgliteDb({ dataDir: building, initDbArgs: ["--wal-segsize=1"] });
    try {
      await migrate(db, migrations);
    } finally {
      await db.close();
    }
    try {
      await rename(building, dir);
    } catch {
      // Another worker renamed its copy first; theirs is as good as ours.
      await rm(building, { recursive: true, force: true });
    }
    return dir;
  })();
  template.catch(() => (template = undefined));
  return template;
}

/** A Db on its own copy of the migrated template; `close()` also deletes the copy. */
export type TestDb = Db & { readonly dataDir: string };

/**
 * Opens a migrated PGlite for one test (or one file): copies the template folder and opens it, in
 * this thread, or in a worker thread with `{ thread: "worker" }` (as `PGLITE_THREAD=worker`).
 * Measured on the shared 2-core dev machine (shared/db/bench/test-pglite-bench.ts, load ~4): a fresh
 * PGlite with initdb + migrate takes ~2.1 s; a template copy opens in a median ~0.4 s (copy 120-180 ms,
 * open 140-410 ms, of which the WASM start-up is most). Each open PGlite holds a few hundred MiB of
 * RSS (its WASM memory): close it after the test.
 *
 * @example
 * let db: TestDb;
 * beforeEach(async () => { db = await createTestPglite(); });
 * afterEach(() => db.close());
 */
export async function createTestPglite(options: { thread?: "main" | "worker" } = {}): Promise<TestDb> {
  const source = await pgliteTemplateDir();
  const dataDir = await mkdtemp(join(tmpdir(), "casemix-pglite-test-"));
  // cpSync: fs.promises.cp walks the ~1,000 files one promise at a time and takes ~350 ms here.
  cpSync(source, dataDir, { recursive: true });
  const open = options.thread === "worker" ? createPgliteWorkerDb : createPgliteDb;
  const db = await open({ dataDir, relaxedDurability: true });
  return {
    ...db,
    kind: db.kind,
    dataDir,
    async close() {
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
