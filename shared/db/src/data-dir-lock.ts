import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { mkdirSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { DbError } from "./errors.ts";

/** Who holds a PGlite folder: written as JSON into the lock file. */
export type LockHolder = { pid: number; command: string; since: string };

export type DataDirLock = { readonly path: string; release(): void };

/**
 * The lock file of a PGlite folder: beside it, not inside it (PostgreSQL's initdb wants an empty folder),
 * e.g. `.data/pglite.lock` for `.data/pglite`.
 */
export function lockPathOf(dataDir: string): string {
  const abs = resolve(dataDir);
  return join(dirname(abs), `${basename(abs)}.lock`);
}

/** True when a process with this pid exists (EPERM: it exists but belongs to another user). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as Partial<LockHolder>;
    return typeof parsed.pid === "number" ? { pid: parsed.pid, command: String(parsed.command ?? "?"), since: String(parsed.since ?? "?") } : undefined;
  } catch {
    return undefined; // absent, or half-written by a holder that died while writing it
  }
}

/**
 * Takes the folder's lock for this process, or fails with `E_DB_LOCKED` naming the process that holds
 * it. PGlite is one PostgreSQL backend on files of its own: a second process opening the same folder
 * writes over the first's pages and WAL (issue 16.8), so only one process may have it open. A lock whose
 * pid is no longer running (a SIGKILLed `npm start`) is stale and taken over. This process holding it
 * already counts as held too: two PGlite instances in one process corrupt the folder just the same.
 */
export function acquireDataDirLock(dataDir: string, command = process.argv.slice(1).join(" ")): DataDirLock {
  const path = lockPathOf(dataDir);
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, "wx");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readHolder(path);
      if (holder && isAlive(holder.pid)) {
        throw new DbError(
          "E_DB_LOCKED",
          `the database folder ${dataDir} is in use by process ${holder.pid} (${holder.command}, since ${holder.since}): ` +
            "stop it first, or use that process's API",
        );
      }
      // Stale (its holder is gone) or unreadable: remove it and try again; a racing process may win.
      try {
        unlinkSync(path);
      } catch {
        // already removed by another process taking it over
      }
      continue;
    }
    const holder: LockHolder = { pid: process.pid, command: command.slice(0, 200), since: new Date().toISOString() };
    writeSync(fd, JSON.stringify(holder));
    closeSync(fd);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      process.off("exit", release);
      // Only our own lock: a stale-lock takeover by another process must not be undone by us.
      if (readHolder(path)?.pid === process.pid) unlinkSync(path);
    };
    // A process that exits without closing its database (an error, process.exit) leaves no lock behind.
    process.on("exit", release);
    return { path, release };
  }
  throw new DbError("E_DB_LOCKED", `the database folder ${dataDir} could not be locked: another process keeps taking its lock`);
}
