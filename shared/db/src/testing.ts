import { createHash, randomUUID } from "node:crypto";
import { cpSync, existsSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { loadMigrations, migrate } from "./migrate.ts";
import type { PGlite } from "@electric-sql/pglite";
import { openPglite } from "./pglite-open.ts";
import { createPgliteDb, wrapPglite } from "./pglite.ts";
import { createPgliteWorkerDb } from "./pglite-worker.ts";
import type { Db } from "./port.ts";
import { resetTestDatabase, schemaFingerprint } from "./test-reset.ts";

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

let tarball: Promise<Blob> | undefined;

/**
 * The migrated template as PGlite's data folder tarball, built once per machine beside the folder
 * (from a copy of it: opening the template itself would write to it while other workers copy it).
 * Tests load it into an in-memory PGlite: nothing to copy on disk, nothing left behind.
 */
export function pgliteTemplateTarball(): Promise<Blob> {
  tarball ??= (async () => {
    const dir = await pgliteTemplateDir();
    const file = `${dir}.tar`;
    if (!existsSync(file)) {
      const copy = await mkdtemp(join(tmpdir(), "casemix-pglite-tar-"));
      try {
        cpSync(dir, copy, { recursive: true });
        const pg = await openPglite({ dataDir: copy });
        const dump = await pg.dumpDataDir("none");
        await pg.close();
        const building = `${file}.building-${process.pid}-${randomUUID()}`;
        await writeFile(building, new Uint8Array(await dump.arrayBuffer()));
        await rename(building, file); // atomic: a parallel worker's identical tarball may land first
      } finally {
        await rm(copy, { recursive: true, force: true });
      }
    }
    return new Blob([await readFile(file)]);
  })();
  tarball.catch(() => (tarball = undefined));
  return tarball;
}

/** A Db on its own copy of the migrated template (`dataDir` a folder, or `memory://...` in this thread). */
export type TestDb = Db & { readonly dataDir: string };

type Open = { pg: PGlite; dataDir: string };

/** Databases closed by earlier tests of this process, reset to the template's state (test-reset.ts). */
const spares: Open[] = [];
let templatePrint: string | undefined;
let opened = 0;

async function openCopy(): Promise<Open> {
  const pg = await openPglite({ loadDataDir: await pgliteTemplateTarball() });
  templatePrint ??= await schemaFingerprint(pg);
  opened += 1;
  return { pg, dataDir: `memory://casemix-test-${process.pid}-${opened}` };
}

/** After a test: reset and keep the database for the next one, or close it when it cannot be made as new. */
async function release(open: Open): Promise<void> {
  let reusable = false;
  try {
    await resetTestDatabase(open.pg);
    reusable = (await schemaFingerprint(open.pg)) === templatePrint;
  } catch {
    reusable = false;
  }
  if (reusable) spares.push(open);
  else await open.pg.close();
}

/**
 * Opens a migrated PGlite for one test (or one file), as new: in this thread, a database an earlier
 * test of this process closed, reset to the template's state (test-reset.ts: every table emptied,
 * sequences restarted, session state discarded, and reused only when its schema, roles, grants and
 * sequences read exactly as the template's), else the template's tarball loaded into memory; in a
 * worker thread with `{ thread: "worker" }` (as `PGLITE_THREAD=worker`), a copy of the template folder.
 * Measured on the shared 2-core dev machine (shared/db/bench/test-pglite-bench.ts, load ~4): a fresh
 * PGlite with initdb + migrate takes ~2.1 s; a template copy opens in a median ~0.4 s (copy 120-180 ms,
 * open 140-410 ms, of which the WASM start-up is most). CPU per test (shared/db/bench/pglite-phases.ts):
 * copy + open + close + delete 0.5-0.85 s, tarball into memory + open ~0.55 s, reset + fingerprint
 * ~0.15 s. Each open PGlite holds a few hundred MiB of RSS (its WASM memory): close it after the test.
 *
 * @example
 * let db: TestDb;
 * beforeEach(async () => { db = await createTestPglite(); });
 * afterEach(() => db.close());
 */
export async function createTestPglite(options: { thread?: "main" | "worker" } = {}): Promise<TestDb> {
  if (options.thread === "worker") {
    const source = await pgliteTemplateDir();
    const dataDir = await mkdtemp(join(tmpdir(), "casemix-pglite-test-"));
    cpSync(source, dataDir, { recursive: true });
    const db = await createPgliteWorkerDb({ dataDir, relaxedDurability: true });
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
  const open = spares.pop() ?? (await openCopy());
  const db = wrapPglite(open.pg, { relaxedDurability: true }, () => release(open));
  return { ...db, kind: db.kind, dataDir: open.dataDir };
}
