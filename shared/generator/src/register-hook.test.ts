import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateBatch } from "./generate.ts";

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "casemix-generate-register-"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

// A register unlike the file one (as a database seeded before ../shared appeared holds): the sample
// must name only its hospitals, or validate rejects every claim (issue 18).
const register = {
  id: "cfg_0123456789abcdef0123",
  hospitals: [{ code: "HDB-0001", name: "Hospital in the database", hospitalClass: "state", region: "Selangor", effectiveFrom: "2020-01-01", effectiveTo: null }],
};

describe("generateBatch with the register of a database", () => {
  it("sends claims only for that register's hospitals and records where the register came from", async () => {
    const out = join(root, "a");
    const r = await generateBatch({ claims: 50, period: "2026-09", hospitals: 1, seed: 1, out }, { register });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.manifest.hospitals.map((h) => h.code)).toEqual(["HDB-0001"]);
    expect(r.manifest.register).toEqual({ id: register.id, from: "database" });
    const rows = readFileSync(join(out, r.manifest.files[0].name), "utf8").trim().split("\n").slice(1);
    const codes = new Set(rows.map((l) => l.split(",")[0]));
    expect(codes.has("HDB-0001")).toBe(true);
  });
});
