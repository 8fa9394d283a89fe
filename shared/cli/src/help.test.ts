import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../bin/casemix.js", import.meta.url));
const commands = readdirSync(new URL("./commands/", import.meta.url))
  .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
  .map((f) => f.slice(0, -3));

/**
 * `casemix <args>` in a process with no variable but PATH: no server is configured, so none can be
 * reached. A command that waits for one hangs (killed at 60 s: generous, a loaded machine takes ~5 s).
 */
function runBare(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; killed: boolean }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr, killed: Boolean(error?.killed) });
    });
  });
}

describe("casemix <command> --help with no env", () => {
  it("finds the commands", () => expect(commands).toContain("mesh"));

  for (const name of commands) {
    it(`casemix ${name} --help prints its usage and exits 0 without touching a server`, async () => {
      const r = await runBare([name, "--help"]);
      expect({ code: r.code, killed: r.killed, stderr: r.stderr }).toEqual({ code: 0, killed: false, stderr: "" });
      expect(r.stdout).toContain(`casemix ${name}`);
    }, 90_000);
  }
});
