import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../../bin/casemix.js", import.meta.url));

/** A `casemix mesh` process as its tests see it: its log lines (JSON ones parsed) and how it ended. */
export type MeshProcess = {
  child: ChildProcess;
  lines: string[];
  logs: Record<string, unknown>[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** Resolves with the first parsed log line that `match` accepts (rejects after `timeoutMs` or at exit). */
  waitForLog(match: (l: Record<string, unknown>) => boolean, timeoutMs: number): Promise<Record<string, unknown>>;
};

export function spawnMesh(args: string[], env: Record<string, string | undefined>): MeshProcess {
  const child = spawn(process.execPath, [bin, "mesh", ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  const logs: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  const take = (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n").filter(Boolean)) {
      lines.push(line);
      if (line.startsWith("{")) {
        try {
          logs.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // a line cut at a chunk boundary: only the JSON lines matter here
        }
      }
    }
    for (const w of waiters) w();
  };
  child.stdout!.on("data", take);
  child.stderr!.on("data", take);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal, at: Date.now() })));
  const waitForLog = (match: (l: Record<string, unknown>) => boolean, timeoutMs: number) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const check = () => {
        const hit = logs.find(match);
        if (hit) resolve(hit);
      };
      waiters.push(check);
      check();
      setTimeout(() => reject(new Error(`no such log line within ${timeoutMs} ms; last lines:\n${lines.slice(-15).join("\n")}`)), timeoutMs).unref();
      void exited.then(() => (check(), reject(new Error(`mesh exited; last lines:\n${lines.slice(-15).join("\n")}`))));
    });
  return { child, lines, logs, exited, waitForLog };
}

/** A base port with `count` free ports from it (the mesh takes base, base + 1, ...). */
export async function freePortBlock(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    // Below Linux's ephemeral range (32768-60999): outgoing connections take their local ports from
    // there, so a port picked in it can be gone by the time the function binds it.
    const base = 20_000 + Math.floor(Math.random() * (12_768 - count));
    const ok = await Promise.all(Array.from({ length: count }, (_, i) => isFree(base + i)));
    if (ok.every(Boolean)) return base;
  }
  throw new Error("no block of free ports found");
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

export const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
