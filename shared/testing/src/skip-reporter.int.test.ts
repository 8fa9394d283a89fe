import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

// Runs vitest on scratch test files with the skip reporter: an integration test, as it starts vitest
// itself (a few seconds).
const repo = fileURLToPath(new URL("../../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "casemix-skip-reporter-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runVitest(files: Record<string, string>): { status: number | null; out: string } {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const config = join(dir, "vitest.config.mjs");
  writeFileSync(
    config,
    `export default { test: { root: ${JSON.stringify(dir)}, include: ["*.test.ts"], reporters: ["default", ${JSON.stringify(join(repo, "shared/testing/src/skip-reporter.ts"))}] },
      resolve: { alias: { "@casemix/testing": ${JSON.stringify(join(repo, "shared/testing/src/index.ts"))} } } };\n`,
  );
  const run = spawnSync(process.execPath, [join(repo, "node_modules/vitest/vitest.mjs"), "run", "--config", config], { cwd: repo, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { status: run.status, out: `${run.stdout}\n${run.stderr}` };
}

describe("the skip reporter", () => {
  it("lists skips by reason, and fails the run naming a skip that has none", () => {
    const { status, out } = runVitest({
      "reasons.test.ts": `import { describe, it, expect } from "vitest";
import { skipUnless } from "@casemix/testing";
describe("needs the data", skipUnless(false, "the data is absent"), () => { it("a", () => expect(1).toBe(1)); it("b", () => expect(1).toBe(1)); });
it("decides at run time", (ctx) => { ctx.skip("not today"); });
it("runs", () => expect(1).toBe(1));
`,
      "bare.test.ts": `import { describe, it, expect } from "vitest";
describe.skipIf(true)("skipped with no reason", () => { it("c", () => expect(1).toBe(1)); });
`,
    });
    expect(out).toContain("skipped: the data is absent");
    expect(out).toMatch(/2 skipped: the data is absent/);
    expect(out).toMatch(/1 skipped: not today/);
    expect(out).toMatch(/1 test\(s\) skipped without a reason/);
    expect(out).toContain("bare.test.ts > skipped with no reason > c");
    expect(status).toBe(1);
  });

  it("passes a run whose every skip has its reason", () => {
    rmSync(join(dir, "bare.test.ts"), { force: true });
    const { status, out } = runVitest({});
    expect(out).toMatch(/skipped tests by reason \(3\)/);
    expect(out).not.toContain("without a reason");
    expect(status).toBe(0);
  });
});
