import { spawn } from "node:child_process";
import { createServer, type AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../../bin/casemix.js", import.meta.url));

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("casemix function under a supervisor", () => {
  it("stops by itself when the supervisor that started it is SIGKILLed", async () => {
    const port = await freePort();
    // A stand-in for `casemix mesh`: starts the function with its own pid as CASEMIX_SUPERVISOR_PID.
    const parentScript = `
      const { spawn } = require("node:child_process");
      const c = spawn(process.execPath, [${JSON.stringify(bin)}, "function", "scheduler"], {
        env: { PATH: process.env.PATH, PORT: "${port}", LOG_LEVEL: "error", CASEMIX_SUPERVISOR_PID: String(process.pid) },
        stdio: "ignore",
      });
      console.log(c.pid);
      setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ["-e", parentScript], { stdio: ["ignore", "pipe", "inherit"] });
    const fnPid = Number(await new Promise<string>((resolve) => parent.stdout!.once("data", (d: Buffer) => resolve(d.toString().trim()))));
    try {
      const deadline = Date.now() + 60_000;
      while (!(await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false))) {
        if (Date.now() > deadline || !alive(fnPid)) throw new Error("the function did not start");
        await new Promise((r) => setTimeout(r, 200));
      }
      parent.kill("SIGKILL");
      const t0 = Date.now();
      while (alive(fnPid) && Date.now() - t0 < 15_000) await new Promise((r) => setTimeout(r, 100));
      expect(alive(fnPid)).toBe(false);
    } finally {
      if (alive(fnPid)) process.kill(fnPid, "SIGKILL");
      parent.kill("SIGKILL");
    }
  }, 90_000);
});
