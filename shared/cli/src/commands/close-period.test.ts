import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createPgliteDb, migrate } from "@casemix/db";
import { run } from "./close-period.ts";

const seed = async (dir: string, refuse?: string) => {
  const db = await createPgliteDb({ dataDir: dir });
  await migrate(db);
  // A constraint stands in for any value a new price may not hold (period-refused-values.test.ts).
  if (refuse) await db.query(`alter table price add constraint refuse_one check (claim_id <> '${refuse}' or run_id = 'run_seed')`);
  const ids = ["clm_a1", "clm_a2", "clm_a3"];
  await db.query(
    `insert into claim (claim_id, hospital_code, claim_number, current_version, content_hash, batch_id, row_no, period)
     select c, 'H12-DE76F0', c, 1, 'x', 'bat_t', 1, '2026-01' from unnest($1::text[]) c`,
    [ids],
  );
  await db.query(
    `insert into price (claim_id, version, run_id, period, hospital_code, tariff_version_id, drg, los, discharge_status, total_charges_sen, total_sen, delta_sen, discharge_date)
     select c, 1, 'run_seed', '2026-01', 'H12-DE76F0', 'seed', '05M2-I', 3, '1', 100000, 0, 0, '2026-01-15' from unnest($1::text[]) c`,
    [ids],
  );
  await db.query("insert into price_current (claim_id, version, run_id, total_sen, period) select c, 1, 'run_seed', 0, '2026-01' from unnest($1::text[]) c", [ids]);
  await db.close();
};

describe("casemix close-period", () => {
  let dir: string;
  const env = () => ({ PGLITE_DATA_DIR: dir, STORAGE_DIR: join(dir, "objects"), LOG_LEVEL: "silent" });
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "close-period-"));
    await seed(dir);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("refuses a period that is not YYYY-MM", async () => {
    expect(await run(["2027-13"], env())).toBe(2);
  });

  it("--run-here closes the period in this process and prints the run's total", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const code = await run(["2026-01", "--run-here"], env());
    const printed = log.mock.calls.map((c) => String(c[0])).join("\n");
    log.mockRestore();
    expect(code).toBe(0);
    expect(printed).toMatch(/run run_close_2026-01 completed: 3 claims, total \d+ sen/);
  });

  it("closing again with the same tariff is a no-op", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const code = await run(["2026-01", "--reclose", "--run-here"], env());
    const printed = log.mock.calls.map((c) => String(c[0])).join("\n");
    log.mockRestore();
    expect(code).toBe(0);
    expect(printed).toContain("nothing to do");
  });
});

describe("casemix close-period, when the database refuses a claim's new price", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "close-period-refused-"));
    await seed(dir, "clm_a2");
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("completes the run and says how many claims kept the price in force, and where they are named", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const code = await run(["2026-01", "--run-here"], { PGLITE_DATA_DIR: dir, STORAGE_DIR: join(dir, "objects"), LOG_LEVEL: "silent" });
    const printed = log.mock.calls.map((c) => String(c[0])).join("\n");
    log.mockRestore();
    expect(code).toBe(0);
    expect(printed).toMatch(/run run_close_2026-01 completed: 2 claims/);
    expect(printed).toContain("1 claim(s) whose new price the database refused keep the price in force before the run: GET /v1/runs/run_close_2026-01 names them (refusedClaims)");
  });
});
