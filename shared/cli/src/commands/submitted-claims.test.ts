import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { run as explain } from "./explain.ts";
import { run as group } from "./group.ts";

// Claims as hospitals submit them (shared/claims/examples): the coder tools must take them as they are.
const examples = new URL("../../../claims/examples/", import.meta.url);
const claimJson = readFileSync(new URL("claim.json", examples), "utf8");
const batchCsv = new URL("batch.csv", examples).pathname;
const batchNdjson = new URL("batch.ndjson", examples).pathname;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "casemix-submitted-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

function capture() {
  const out = vi.spyOn(console, "log").mockImplementation(() => {});
  const err = vi.spyOn(console, "error").mockImplementation(() => {});
  return { out: () => out.mock.calls.map((c) => String(c[0])).join("\n"), err: () => err.mock.calls.map((c) => String(c[0])).join("\n") };
}

describe("the coder tools take the submission format", () => {
  it("casemix explain groups a claim given as submitted JSON, with age and stay derived as the pipeline does", async () => {
    const io = capture();
    expect(await explain(["--claim", claimJson, "--json"])).toBe(0);
    const printed = JSON.parse(io.out());
    expect(printed.claim).toMatchObject({ caseId: "SEL-2026-000123", ageYears: 46, los: 4, principalDx: "I21.9" });
    expect(printed.result.mdc).toBe("05");
  });

  it("casemix explain finds a claim by claim number in a submission CSV and in NDJSON", async () => {
    const io = capture();
    expect(await explain(["--input", batchCsv, "--claim-number", "SEL-2026-000124", "--json"])).toBe(0);
    expect(JSON.parse(io.out()).claim).toMatchObject({ caseId: "SEL-2026-000124", sex: "F", principalDx: "O80", los: 1 });
    io.out();
    expect(await explain(["--input", batchNdjson, "--case", "SEL-2026-000123"])).toBe(0);
    expect(await explain(["--input", batchCsv, "--case", "NOPE"])).toBe(2);
    expect(io.err()).toContain("claim number NOPE is not in");
  });

  it("casemix explain names unknown fields instead of ignoring them", async () => {
    const io = capture();
    expect(await explain(["--claim", JSON.stringify({ ...JSON.parse(claimJson), losDays: 4 })])).toBe(2);
    expect(io.err()).toMatch(/E_FIELD_UNKNOWN/);
    expect(io.err()).toContain("losDays");
    expect(await explain(["--claim", JSON.stringify({ sex: "M", principalDx: "I50.9", ageyears: 70 })])).toBe(2);
    expect(io.err()).toContain("unknown field(s) ageyears");
  });

  it("casemix group groups a submission CSV, one result row per claim keyed by claim number", async () => {
    capture();
    const output = join(dir, "out.csv");
    expect(await group(["--input", batchCsv, "--output", output])).toBe(0);
    const rows = readFileSync(output, "utf8").trim().split("\n");
    expect(rows[0]).toBe("case_id,mdc,adrg,drg,severity,status,reason");
    expect(rows.slice(1).map((r) => r.split(",")[0])).toEqual(readFileSync(batchCsv, "utf8").trim().split("\n").slice(1).map((r) => r.split(",")[1]));
    expect(rows[1]).toMatch(/^SEL-2026-000123,05,/);
  });

  it("casemix group reports a claim the pipeline would reject as check_failed with its first error", async () => {
    capture();
    const input = join(dir, "bad.csv");
    const [header, first] = readFileSync(batchCsv, "utf8").split("\n");
    writeFileSync(input, `${header}\n${first.replace("2026-03-05", "2026-13-05")}\n`);
    const output = join(dir, "bad-out.csv");
    expect(await group(["--input", input, "--output", output])).toBe(0);
    expect(readFileSync(output, "utf8")).toContain("SEL-2026-000123,00,00X,00X-0,,check_failed,E_DATE_FORMAT:dischargeDate");
  });

  it("casemix group refuses a submission file intake would refuse, with intake's reason", async () => {
    const io = capture();
    const input = join(dir, "sheet.ndjson");
    writeFileSync(input, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00]));
    expect(await group(["--input", input, "--output", join(dir, "sheet-out.csv")])).toBe(1);
    expect(io.err()).toMatch(/is refused: the file is not CSV, NDJSON or JSON: it looks like a ZIP archive.*\[E_FILE_TYPE\]/);
  });
});
