import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireDataDirLock, lockPathOf } from "./data-dir-lock.ts";

let root: string;
beforeEach(async () => void (root = await mkdtemp(join(tmpdir(), "casemix-lock-"))));
afterEach(async () => rm(root, { recursive: true, force: true }));

/** A pid that surely ran and has exited: a child process that ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "0"]);
  return r.pid!;
}

describe("the PGlite folder lock", () => {
  it("writes the holder's pid beside the folder and removes it on release", () => {
    const dir = join(root, "pglite");
    const lock = acquireDataDirLock(dir, "casemix start");
    expect(lock.path).toBe(join(root, "pglite.lock"));
    expect(JSON.parse(readFileSync(lock.path, "utf8"))).toMatchObject({ pid: process.pid, command: "casemix start" });
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
  });

  it("refuses a folder a running process holds, naming that process", () => {
    const dir = join(root, "pglite");
    const lock = acquireDataDirLock(dir, "casemix start");
    try {
      expect(() => acquireDataDirLock(dir)).toThrow(expect.objectContaining({ code: "E_DB_LOCKED", message: expect.stringContaining(`process ${process.pid} (casemix start`) }));
    } finally {
      lock.release();
    }
  });

  it("takes over a stale lock whose process is gone", () => {
    const dir = join(root, "pglite");
    writeFileSync(lockPathOf(dir), JSON.stringify({ pid: deadPid(), command: "casemix start", since: "2026-01-01T00:00:00Z" }));
    const lock = acquireDataDirLock(dir);
    expect(JSON.parse(readFileSync(lock.path, "utf8")).pid).toBe(process.pid);
    lock.release();
  });

  it("takes over a lock file left unreadable by a holder that died while writing it", () => {
    const dir = join(root, "pglite");
    writeFileSync(lockPathOf(dir), "");
    acquireDataDirLock(dir).release();
  });
});
