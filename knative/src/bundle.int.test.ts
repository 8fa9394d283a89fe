import { execFileSync, spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import { build } from "rolldown";
import { builtinExportNames, builtinsWithoutFacade, bundleFunctions, repoRoot } from "./bundle.ts";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function outDir(): Promise<string> {
  await mkdir(join(repoRoot, "dist"), { recursive: true });
  const dir = await mkdtemp(join(repoRoot, "dist", "test-bundles-"));
  dirs.push(dir);
  return dir;
}

describe("bundleFunctions", () => {
  it("a bundled function starts on its own, answers /readyz with its name and exits 0 on SIGTERM", async () => {
    const { files } = await bundleFunctions({ outDir: await outDir(), names: ["scheduler"] });
    // No DATABASE_URL: the embedded PGlite, kept outside the bundle, must resolve from node_modules.
    const child = spawn(process.execPath, [files.scheduler!], {
      env: { PATH: process.env.PATH, PORT: "0", LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    let port: number | undefined;
    for await (const line of createInterface({ input: child.stdout! })) {
      const entry = JSON.parse(line) as { msg?: string; port?: number };
      if (entry.msg === "function listening") {
        port = entry.port;
        break;
      }
    }
    const res = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(await res.json()).toEqual({ status: "ready", function: "scheduler" });
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 120_000);

  it("serves built-ins without their ES module facade: importing node:http does not load undici", async () => {
    const dir = await outDir();
    const entry = join(dir, "entry.mjs");
    await writeFile(entry, 'import { createServer } from "node:http";\nconsole.log(typeof createServer, process.moduleLoadList.some((m) => m.includes("undici")));\n');
    const loadsUndici = (file: string) => execFileSync(process.execPath, [file]).toString().trim();
    expect(loadsUndici(entry)).toBe("function true"); // the facade reads node:http's lazy WebSocket getter
    await build({ input: entry, platform: "node", plugins: [builtinsWithoutFacade()], output: { dir: join(dir, "out"), format: "esm", entryFileNames: "[name].mjs" }, logLevel: "silent" });
    expect(loadsUndici(join(dir, "out", "entry.mjs"))).toBe("function false");
  });

  it("re-exports a built-in's exports as a function's own process has them, not as the building process does", async () => {
    // This test runs in a forked worker with an IPC channel: its `process` has `send` and `channel`,
    // which a function's process does not; read here, they made the bundles depend on who built them.
    const names = await builtinExportNames("node:process");
    expect(names).toEqual(expect.arrayContaining(["env", "argv", "exit"]));
    expect(names.filter((n) => ["send", "channel", "connected", "disconnect"].includes(n))).toEqual([]);
  });

  it("refuses a function that does not exist, naming the ones that do", async () => {
    await expect(bundleFunctions({ outDir: await outDir(), names: ["no-such-fn"] })).rejects.toThrow(/no function no-such-fn .*have: admin-config/);
  });
});
