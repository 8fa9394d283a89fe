import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { skipUnless } from "@casemix/testing";
import { chsDrgDir, hasSharedData } from "@casemix/chs-drg";
import { pgliteTemplateDir } from "@casemix/db";
import { demoDefinitionDir } from "@casemix/grouper";
import { DEMO_TARIFF_DIR } from "@casemix/pricing";
import { run } from "./config.ts";

let dir: string;
let out: string[];
let err: string[];
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "casemix-config-cli-"));
  cpSync(await pgliteTemplateDir(), dir, { recursive: true });
  out = [];
  err = [];
  vi.spyOn(console, "log").mockImplementation((...a) => void out.push(a.join(" ")));
  vi.spyOn(console, "error").mockImplementation((...a) => void err.push(a.join(" ")));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const env = () => ({ PGLITE_DATA_DIR: dir });
const idOf = (line: string) => /cfg_[0-9a-f]{20}/.exec(line)?.[0] ?? "";

describe("casemix config", () => {
  it("imports a definition package as a draft, publishes it by id and lists it", async () => {
    expect(await run(["import", "definition", demoDefinitionDir, "--from", "2027-01-01", "--to", "2028-01-01"], env())).toBe(0);
    expect(out[0]).toMatch(/^draft .*definition\s+draft\s+\[2027-01-01, 2028-01-01\)/);
    const id = idOf(out[0]);
    expect(await run(["publish", id], env())).toBe(0);
    out.length = 0;
    expect(await run(["list", "--json"], env())).toBe(0);
    const versions = JSON.parse(out.join("\n"));
    expect(versions).toEqual([expect.objectContaining({ id, kind: "definition", status: "published", label: "demo 2026.1" })]);
  });

  it("imports and publishes a tariff folder in one step with --publish", async () => {
    expect(await run(["import", "tariff", DEMO_TARIFF_DIR, "--publish"], env())).toBe(0);
    expect(out[1]).toMatch(/^published .*tariff\s+published\s+\[2020-01-01, open\).*my-demo@1$/);
  });

  it("refuses to publish a version twice (exit 1)", async () => {
    await run(["import", "tariff", DEMO_TARIFF_DIR, "--publish"], env());
    expect(await run(["publish", idOf(out[0])], env())).toBe(1);
    expect(err.join("\n")).toMatch(/E_CONFIG_PUBLISHED/);
  });

  it("refuses a folder that is not a package with its file names (exit 1)", async () => {
    expect(await run(["import", "definition", DEMO_TARIFF_DIR], env())).toBe(1);
    expect(err.join("\n")).toMatch(/E_CONFIG_INVALID.*definition\.yaml/s);
  });

  it("answers 2 for an unknown kind", async () => {
    expect(await run(["import", "codes", demoDefinitionDir], env())).toBe(2);
  });

  describe("with ../shared/data", skipUnless(hasSharedData, `${chsDrgDir} is absent (the reference data beside the checkout)`), () => {
    it("imports the CHS-DRG 1.1 tables with --format chs-drg", async () => {
      expect(await run(["import", "definition", chsDrgDir, "--format", "chs-drg", "--publish"], env())).toBe(0);
      expect(out[1]).toMatch(/published .*definition\s+published\s+\[2021-05-01, open\).*chs-drg 1\.1$/);
    }, 60_000);
  });
});
