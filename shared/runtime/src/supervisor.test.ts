import { spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { createServer, type AddressInfo } from "node:net";
import { createLogger } from "./logger.ts";
import { createSupervisor, type ChildSpec, type Supervisor } from "./supervisor.ts";

/**
 * A stand-in for a function process (a fake: these are unit tests of the supervision alone): answers
 * /readyz with its name after READY_MS, and with IGNORE_TERM set, outlives a SIGTERM.
 */
const FAKE = `
const http = require("node:http");
const t0 = Date.now();
if (process.env.IGNORE_TERM) process.on("SIGTERM", () => {});
http.createServer((req, res) => {
  const ready = Date.now() - t0 >= Number(process.env.READY_MS || 0);
  res.writeHead(ready ? 200 : 503, { "content-type": "application/json" });
  res.end(JSON.stringify({ status: ready ? "ready" : "not ready", function: process.env.NAME }));
}).listen(Number(process.env.PORT), "127.0.0.1");
`;

async function fake(name: string, env: Record<string, string> = {}): Promise<ChildSpec> {
  const port = await freePortForTest();
  return { name, url: `http://127.0.0.1:${port}`, spawn: () => spawn(process.execPath, ["-e", FAKE], { env: { PATH: process.env.PATH, NAME: name, PORT: String(port), ...env }, stdio: "ignore" }) };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** A port nothing listens on now (the OS picks it). */
async function freePortForTest(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let supervisor: Supervisor | undefined;
let lines: Record<string, unknown>[] = [];
const log = () => createLogger({ write: (l) => void lines.push(JSON.parse(l)) });
afterEach(async () => {
  await supervisor?.stop(1000);
  supervisor = undefined;
  lines = [];
});

describe("the supervisor of casemix mesh", () => {
  it("fails the start when a function is not ready within the readiness timeout, and stops every child", async () => {
    // 10 s: the ready one starts in well under that even on a loaded machine; the other never does.
    supervisor = createSupervisor({ children: [await fake("intake"), await fake("group", { READY_MS: "600000" })], readyTimeoutMs: 10_000, log: log() });
    const t0 = Date.now();
    const result = await supervisor.start();
    expect(result).toEqual({ ok: false, error: { code: "E_NOT_READY", message: expect.stringContaining("group at http://127.0.0.1:") } });
    expect(Date.now() - t0).toBeLessThan(20_000);
    for (const pid of supervisor.pids().values()) expect(alive(pid)).toBe(false);
  }, 40_000);

  it("fails the start at once when a function exits before it is ready", async () => {
    const dead: ChildSpec = { name: "price", url: "http://127.0.0.1:9", spawn: () => spawn(process.execPath, ["-e", "process.exit(3)"]) };
    supervisor = createSupervisor({ children: [await fake("intake"), dead], readyTimeoutMs: 30_000, log: log() });
    const t0 = Date.now();
    const result = await supervisor.start();
    expect(result).toEqual({ ok: false, error: { code: "E_EXITED_AT_START", message: "price exited (code 3) before it was ready" } });
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(alive(supervisor.pids().get("intake")!)).toBe(false);
  }, 40_000);

  it("restarts a function that dies, with a growing backoff, and logs each restart", async () => {
    supervisor = createSupervisor({ children: [await fake("group")], readyTimeoutMs: 30_000, log: log(), initialBackoffMs: 200 });
    expect(await supervisor.start()).toEqual({ ok: true });
    for (let i = 1; i <= 2; i++) {
      const pid = supervisor.pids().get("group")!;
      process.kill(pid, "SIGKILL");
      const deadline = Date.now() + 30_000;
      while (!lines.some((l) => l.msg === "function ready" && l.pid === supervisor!.pids().get("group") && l.pid !== pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(supervisor.pids().get("group")).not.toBe(pid);
      expect(alive(supervisor.pids().get("group")!)).toBe(true);
    }
    const restarts = lines.filter((l) => l.msg === "function restarted");
    expect(restarts.map((l) => [l.fn, l.restart, l.afterMs])).toEqual([["group", 1, 200], ["group", 2, 400]]);
    expect(lines.filter((l) => l.msg === "function exited; restarting").map((l) => l.signal)).toEqual(["SIGKILL", "SIGKILL"]);
    expect(supervisor.restarts().get("group")).toBe(2);
  }, 90_000);

  it("stops every child within the grace, killing one that ignores SIGTERM, and restarts none of them", async () => {
    supervisor = createSupervisor({ children: [await fake("intake"), await fake("notify", { IGNORE_TERM: "1" })], readyTimeoutMs: 30_000, log: log(), initialBackoffMs: 10 });
    expect(await supervisor.start()).toEqual({ ok: true });
    const pids = [...supervisor.pids().values()];
    const t0 = Date.now();
    await supervisor.stop(1000);
    expect(Date.now() - t0).toBeLessThan(4000);
    for (const pid of pids) expect(alive(pid)).toBe(false);
    await new Promise((r) => setTimeout(r, 300));
    expect([...supervisor.pids().values()]).toEqual(pids);
    expect(lines.filter((l) => l.msg === "function restarted")).toEqual([]);
    expect(lines.some((l) => l.msg === "function did not stop in time; killing it" && l.fn === "notify")).toBe(true);
  }, 60_000);
});
