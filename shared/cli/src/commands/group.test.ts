import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { casesCsv, chsDrgDir, hasSharedData } from "@casemix/chs-drg";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { skipUnless } from "@casemix/testing";
import { run } from "./group.ts";

const HEADER = "case_id,sex,age_years,age_days,birth_weight_g,los_days,discharge_status,department,principal_dx,secondary_dx,procedures";
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "casemix-group-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

function quiet() {
  return vi.spyOn(console, "error").mockImplementation(() => {});
}

function csv(name: string, rows: string[]): string {
  const p = join(dir, name);
  writeFileSync(p, [HEADER, ...rows].join("\n") + "\n");
  return p;
}

describe("casemix group", () => {
  it("groups a CSV with the built-in demo definition and writes one result row per claim", async () => {
    quiet();
    const input = csv("demo.csv", ["C1,M,60,,,3,1,,I50.9,I48.9|N17.9,", "C2,M,60,,,3,1,,W19,,", "C3,,60,,,3,1,,I21.9,,"]);
    const output = join(dir, "demo-out.csv");
    expect(await run(["--input", input, "--output", output])).toBe(0);
    expect(readFileSync(output, "utf8")).toBe(
      "case_id,mdc,adrg,drg,severity,status,reason\n" +
        "C1,05,05M2,05M2-III,III,grouped,OK\n" +
        "C2,00,00X,00X-0,,ungroupable,E_NO_MDC\n" +
        "C3,00,00X,00X-0,,check_failed,E_SEX_MISSING\n",
    );
  });

  it("reads quoted fields and CRLF line ends", async () => {
    quiet();
    const input = join(dir, "crlf.csv");
    writeFileSync(input, `${HEADER}\r\n"C,1",M,60,,,3,1,,"I21.9",,\r\n`);
    const output = join(dir, "crlf-out.csv");
    expect(await run(["--input", input, "--output", output])).toBe(0);
    expect(readFileSync(output, "utf8").split("\n")[1]).toBe('"C,1",05,05M1,05M1-I,,grouped,OK');
  });

  it("a row with a non-numeric age is check_failed naming the field, and the others still group", async () => {
    quiet();
    const input = csv("bad.csv", ["B1,M,abc,,,3,1,,I21.9,,", "B2,M,60,,,3,1,,I21.9,,"]);
    const output = join(dir, "bad-out.csv");
    expect(await run(["--input", input, "--output", output])).toBe(0);
    const lines = readFileSync(output, "utf8").trim().split("\n");
    expect(lines.slice(1)).toEqual(["B1,00,00X,00X-0,,check_failed,E_NOT_A_NUMBER:age_years", "B2,05,05M1,05M1-I,,grouped,OK"]);
  });

  it("--trace adds the trace as JSON", async () => {
    quiet();
    const input = csv("trace.csv", ["T1,M,60,,,3,1,,I10,I48.9,"]);
    const output = join(dir, "trace-out.csv");
    expect(await run(["--input", input, "--output", output, "--trace"])).toBe(0);
    const row = readFileSync(output, "utf8").trim().split("\n")[1];
    const json = row.slice(row.indexOf('"') + 1, -1).replaceAll('""', '"');
    expect(JSON.parse(json).excludedCodes).toEqual([{ code: "I48.9", level: "II", exclusion: "CARDIAC" }]);
  });

  it("an input without the claim columns fails naming the column", async () => {
    const err = quiet();
    const input = join(dir, "nocols.csv");
    writeFileSync(input, "id,sex\n1,M\n");
    expect(await run(["--input", input, "--output", join(dir, "x.csv")])).toBe(1);
    expect(String(err.mock.calls.at(-1)?.[0])).toContain('"case_id"');
  });

  it("an invalid package fails naming the file and line", async () => {
    const err = quiet();
    const input = csv("any.csv", ["C1,M,60,,,3,1,,I21.9,,"]);
    expect(await run(["--definitions", dir, "--input", input, "--output", join(dir, "y.csv")])).toBe(1);
    expect(String(err.mock.calls.at(-1)?.[0])).toContain("definition.yaml");
  });

  it("a missing input file fails naming it", async () => {
    const err = quiet();
    expect(await run(["--input", join(dir, "absent.csv"), "--output", join(dir, "absent-out.csv")])).toBe(1);
    expect(String(err.mock.calls.at(-1)?.[0])).toContain("absent.csv");
  });

  it("an output that cannot be written fails naming it", async () => {
    const err = quiet();
    const input = csv("w.csv", ["C1,M,60,,,3,1,,I21.9,,"]);
    expect(await run(["--input", input, "--output", join(dir, "no-such-dir", "out.csv")])).toBe(1);
    expect(String(err.mock.calls.at(-1)?.[0])).toContain("cannot write");
  });

  it("missing --input or --output is a usage error", async () => {
    quiet();
    expect(await run(["--output", join(dir, "z.csv")])).toBe(2);
  });
});

describe("npx casemix group --format chs-drg (the form other tools call)", skipUnless(hasSharedData, `${chsDrgDir} is absent (the reference data beside the checkout)`), () => {
  it("groups the conformance file from the repo root and agrees with every expected row", () => {
    const output = join(dir, "conformance-out.csv");
    const root = fileURLToPath(new URL("../../../../", import.meta.url));
    const p = spawnSync("npx", ["casemix", "group", "--definitions", chsDrgDir, "--format", "chs-drg", "--input", casesCsv, "--output", output], { cwd: root, encoding: "utf8" });
    expect(p.status, p.stderr).toBe(0);
    const expected = readFileSync(casesCsv, "utf8").trim().split("\n").slice(1).map((l) => {
      const f = l.split(",");
      return [f[0], ...f.slice(-3)].join(",");
    });
    const got = readFileSync(output, "utf8").trim().split("\n").slice(1).map((l) => l.split(",").slice(0, 4).join(","));
    expect(got).toEqual(expected);
  });
});
