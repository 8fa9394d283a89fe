import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { run } from "./report.ts";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "casemix-report-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** The reporting API's answers by path (the API itself is tested in functions/report). */
function api(routes: Record<string, Response | (() => Response)>) {
  const calls: string[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input) => {
    const path = new URL(String(input)).pathname;
    calls.push(path);
    const r = routes[path];
    return r ? (typeof r === "function" ? r() : r.clone()) : new Response(JSON.stringify({ error: { code: "E_NOT_FOUND", message: "no" } }), { status: 404 });
  });
  return calls;
}

const args = (...rest: string[]) => [...rest, "--token", "t", "--url", "http://reports.test"];

describe("casemix report", () => {
  it("downloads one hospital's claims parquet", async () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    api({ "/v1/reports/2027-01/hospitals/H005/claims.parquet": new Response(new Uint8Array([80, 65, 82, 49])) });
    const out = join(dir, "h5.parquet");
    expect(await run(args("2027-01", "--format", "parquet", "--hospital", "H005", "--out", out), {})).toBe(0);
    expect([...readFileSync(out)]).toEqual([80, 65, 82, 49]);
  });

  it("downloads every hospital's claims parquet in Hive layout", async () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    const calls = api({
      "/v1/reports/2027-01/hospitals": new Response(JSON.stringify({ figures: [{ hospitalCode: "H001" }, { hospitalCode: "H002" }] })),
      "/v1/reports/2027-01/hospitals/H001/claims.parquet": new Response("one"),
      "/v1/reports/2027-01/hospitals/H002/claims.parquet": new Response("two"),
    });
    expect(await run(args("2027-01", "--format", "parquet", "--out", join(dir, "all")), {})).toBe(0);
    expect(readFileSync(join(dir, "all", "period=2027-01", "hospital=H002", "claims.parquet"), "utf8")).toBe("two");
    expect(calls).toHaveLength(3);
  });

  it("prints the API's reason when the period has no report yet", async () => {
    const err = vi.spyOn(console, "error").mockImplementation(() => {});
    api({ "/v1/reports/2027-05/files/pdf": new Response(JSON.stringify({ error: { code: "E_REPORT_NOT_FOUND", message: "no pdf report for 2027-05: period 2027-05 is open ..." } }), { status: 404 }) });
    expect(await run(args("2027-05", "--format", "pdf", "--out", join(dir, "r.pdf")), {})).toBe(1);
    expect(err.mock.calls.flat().join("\n")).toContain("404 no pdf report for 2027-05: period 2027-05 is open");
  });

  it("refuses a missing format or period with the usage", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    expect(await run(args("2027-01", "--out", "x"), {})).toBe(2);
    expect(await run(args("January", "--format", "pdf", "--out", "x"), {})).toBe(2);
  });
});
