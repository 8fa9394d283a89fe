import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chsDrgDir, hasSharedData } from "@casemix/chs-drg";
import { parseClaim, csvRowToClaimInput, readCsvHeader, createCsvParser } from "@casemix/claims";
import { hasFacilitiesData, loadDemoRegister, MY_FACILITIES_DIR } from "@casemix/pricing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipUnless } from "@casemix/testing";
import { generateBatch, loadCaseMix } from "./generate.ts";
import { TERMINAL_STATES, type Manifest } from "./manifest.ts";
import type { GenerateOptions } from "./options.ts";
import { replayBatch } from "./test-helpers.ts";

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "casemix-generate-"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

let runs = 0;
async function generate(options: Omit<GenerateOptions, "out">): Promise<{ dir: string; manifest: Manifest }> {
  const dir = join(root, `run-${++runs}`);
  const r = await generateBatch({ ...options, out: dir });
  if (!r.ok) throw new Error(r.error.message);
  return { dir, manifest: JSON.parse(readFileSync(r.manifestPath, "utf8")) as Manifest };
}

const registerCodes = () => {
  const r = loadDemoRegister();
  if (!r.ok) throw new Error("register");
  return new Set(r.value.hospitals.map((h) => h.code));
};

const BASE = { claims: 6000, period: "2027-01", hospitals: 8, seed: 7, duplicates: 0.03, corrections: 0.02, probableDuplicates: 0.01, bad: 0.05 } as const;

describe("generateBatch", () => {
  it("writes byte-identical files and manifest for the same seed and options", async () => {
    const a = await generate(BASE);
    const b = await generate(BASE);
    const names = readdirSync(a.dir).sort();
    expect(readdirSync(b.dir).sort()).toEqual(names);
    for (const n of names) expect(readFileSync(join(b.dir, n)).equals(readFileSync(join(a.dir, n))), n).toBe(true);
  });

  it("writes different claims for another seed", async () => {
    const a = await generate({ ...BASE, claims: 500 });
    const b = await generate({ ...BASE, claims: 500, seed: 8 });
    expect(b.manifest.files.map((f) => f.sha256)).not.toEqual(a.manifest.files.map((f) => f.sha256));
  });

  it("makes each kind of row at its rate, within four standard deviations", async () => {
    const n = 20_000;
    const { manifest } = await generate({ ...BASE, claims: n, hospitals: 20 });
    const k = manifest.totals.kinds;
    const shortfall = (kind: string) => manifest.totals.shortfall[kind] ?? 0;
    const within = (count: number, rate: number) => expect(Math.abs(count - n * rate)).toBeLessThan(4 * Math.sqrt(n * rate * (1 - rate)) + 1);
    within(k.bad, BASE.bad);
    within(k["exact-duplicate"] + shortfall("exact-duplicate"), BASE.duplicates);
    within(k.correction + shortfall("correction"), BASE.corrections);
    within(k["probable-duplicate"] + shortfall("probable-duplicate"), BASE.probableDuplicates);
    expect(Object.values(manifest.totals.shortfall).reduce((s, x) => s + x, 0)).toBeLessThan(20);
    expect(Object.keys(manifest.totals.badByKind).sort()).toEqual(["bad-code", "discharge-before-admission", "missing-principal", "unknown-hospital", "wrong-date-format", "wrong-type-charges"]);
  });

  it("states in its manifest the terminal states that reading the rows back gives, per file and in total", async () => {
    const { dir, manifest } = await generate(BASE);
    const mix = loadCaseMix("demo");
    if (!mix.ok) throw new Error(mix.message);
    const replay = replayBatch(dir, manifest, mix.mix.def, registerCodes());
    expect(replay.rows).toBe(manifest.totals.rows);
    expect(replay.total).toEqual(manifest.totals.states);
    for (const f of manifest.files) expect(replay.byFile.get(f.name), f.name).toEqual(f.states);
    expect(replay.flaggedProbable).toBe(manifest.totals.flaggedProbableDuplicates);
    expect(manifest.totals.states.ungroupable).toBeGreaterThan(0);
  });

  it("counts rows per hospital and per file that add up to the totals", async () => {
    const { manifest } = await generate({ ...BASE, claims: 2000 });
    const sum = (xs: { rows: number }[]) => xs.reduce((s, x) => s + x.rows, 0);
    expect(sum(manifest.hospitals)).toBe(2000);
    expect(sum(manifest.files)).toBe(2000);
    for (const state of TERMINAL_STATES) expect(manifest.hospitals.reduce((s, h) => s + h.states[state], 0)).toBe(manifest.totals.states[state]);
    expect(Object.values(manifest.totals.states).reduce((s, x) => s + x, 0)).toBe(2000);
  });

  it.each(["hospital", "national"] as const)("rejects each bad row for the one reason its kind states (split %s)", async (split) => {
    const { dir, manifest } = await generate({ ...BASE, split });
    const mix = loadCaseMix("demo");
    if (!mix.ok) throw new Error(mix.message);
    const replay = replayBatch(dir, manifest, mix.mix.def, registerCodes());
    const byCode: Record<string, number> = {};
    for (const codes of replay.rejectedCodes) {
      expect(codes).toHaveLength(1);
      byCode[codes[0]] = (byCode[codes[0]] ?? 0) + 1;
    }
    expect(byCode).toEqual(manifest.totals.rejectedByCode);
  });

  it("sends only hospitals of the register the validate and price steps use, and no military hospital", async () => {
    const { manifest } = await generate({ ...BASE, claims: 300, hospitals: 60 });
    const codes = registerCodes();
    const register = loadDemoRegister();
    expect(manifest.hospitals.length).toBe(Math.min(60, register.ok ? register.value.hospitals.filter((h) => h.hospitalClass !== "military").length : 0));
    for (const h of manifest.hospitals) {
      expect(codes.has(h.code), h.code).toBe(true);
      expect(h.hospitalClass).not.toBe("military");
    }
  });

  it("writes rows that the claim schema accepts, except the bad rows that fail it", async () => {
    const { dir, manifest } = await generate({ ...BASE, claims: 3000, bad: 0 });
    let rows = 0;
    for (const f of manifest.files) {
      const p = createCsvParser();
      const records = [...p.push(readFileSync(join(dir, f.name), "utf8")), ...p.end()];
      const header = readCsvHeader(records[0].fields);
      if (!header.ok) throw new Error(header.error.message);
      for (const r of records.slice(1)) {
        const { input, errors } = csvRowToClaimInput(r.fields, header.layout);
        expect(errors).toEqual([]);
        const parsed = parseClaim(input);
        expect(parsed.ok ? [] : parsed.errors).toEqual([]);
        rows++;
      }
    }
    expect(rows).toBe(3000);
    expect(manifest.totals.states.rejected).toBe(0);
  });

  it("writes one national file with the same claims as the per-hospital files", async () => {
    const a = await generate({ ...BASE, claims: 2000 });
    const b = await generate({ ...BASE, claims: 2000, split: "national" });
    expect(b.manifest.files.map((f) => f.name)).toEqual(["claims.csv"]);
    const { rejectedByCode: national, ...rest } = b.manifest.totals;
    const { rejectedByCode: perHospital, ...same } = a.manifest.totals;
    expect(rest).toEqual(same);
    // A foreign hospital code is refused by intake in a hospital's own file, by the register check in a national one.
    expect(national.E_HOSPITAL_UNKNOWN).toBe(perHospital.E_HOSPITAL_MISMATCH);
    expect(perHospital.E_HOSPITAL_UNKNOWN).toBeUndefined();
    const lines = (dir: string, names: string[]) => names.flatMap((n) => readFileSync(join(dir, n), "utf8").trim().split("\n").slice(1)).sort();
    expect(lines(b.dir, ["claims.csv"])).toEqual(lines(a.dir, a.manifest.files.map((f) => f.name)));
  });

  it("keeps every discharge inside the chosen months", async () => {
    const { dir, manifest } = await generate({ ...BASE, claims: 1500, months: 2, period: "2027-11", bad: 0 });
    const discharges = manifest.files.flatMap((f) => readFileSync(join(dir, f.name), "utf8").trim().split("\n").slice(1).map((l) => l.split(",")[4]));
    expect(discharges.every((d) => d >= "2027-11-01" && d <= "2027-12-31")).toBe(true);
    expect(new Set(discharges.map((d) => d.slice(0, 7)))).toEqual(new Set(["2027-11", "2027-12"]));
    expect(manifest.validateOnOrAfter).toBe("2027-12-31");
  });

  it("refuses a period that is not a month, naming the option", async () => {
    const r = await generateBatch({ claims: 10, period: "2027-13", out: join(root, "bad") });
    expect(r).toMatchObject({ ok: false, error: { code: "E_OPTIONS" } });
    if (!r.ok) expect(r.error.message).toMatch(/^period:/);
  });
});

const chsDrgData = hasSharedData && hasFacilitiesData();
describe("generateBatch with CHS-DRG 1.1", skipUnless(chsDrgData, `${chsDrgDir} or ${MY_FACILITIES_DIR} is absent (the reference data beside the checkout)`), () => {
  it("samples whole coded conformance claims and states the terminal states reading them back gives", async () => {
    const { dir, manifest } = await generate({ ...BASE, claims: 4000, definition: "chs-drg" });
    const mix = loadCaseMix("chs-drg");
    if (!mix.ok) throw new Error(mix.message);
    const codings = new Set(mix.mix.templates.map((t) => `${t.principal}|${t.procedures.join("|")}`));
    const replay = replayBatch(dir, manifest, mix.mix.def, registerCodes());
    expect(replay.total).toEqual(manifest.totals.states);
    expect(manifest.totals.badByKind["bad-code"]).toBeUndefined();
    const byCode: Record<string, number> = {};
    for (const codes of replay.rejectedCodes) byCode[codes[0]] = (byCode[codes[0]] ?? 0) + 1;
    expect(byCode).toEqual(manifest.totals.rejectedByCode);
    const text = readFileSync(join(dir, manifest.files[0].name), "utf8").trim().split("\n").slice(1);
    const p = createCsvParser();
    for (const r of [...p.push(text.join("\n")), ...p.end()]) if (r.fields[10]) expect(codings.has(`${r.fields[10]}|${r.fields[12]}`) || r.fields[10] === "").toBe(true);
  });
});
