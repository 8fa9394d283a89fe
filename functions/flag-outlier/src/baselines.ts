import type { Db, Queryable } from "@casemix/db";
import { buildBaseline, type Baseline, type BaselineClaim } from "@casemix/outliers";

/** Parsed baselines by id: immutable, so a process keeps them once read (about 0.4 MB each). */
const parsed = new Map<string, Baseline>();

/**
 * The baseline in force at `at` (the judged event's time): the highest version frozen at or before
 * it. The same event always meets the same baseline, so a redelivery gets the same flags.
 */
export async function baselineAt(db: Queryable, at: string): Promise<Baseline | undefined> {
  const { rows } = await db.query<{ id: string }>(
    "SELECT id FROM outlier_baseline WHERE frozen_at <= $1 ORDER BY version DESC LIMIT 1",
    [at],
  );
  const id = rows[0]?.id;
  if (!id) return undefined;
  const cached = parsed.get(id);
  if (cached) return cached;
  const { rows: bodies } = await db.query<{ body: Baseline }>("SELECT body FROM outlier_baseline WHERE id = $1", [id]);
  const baseline = bodies[0].body;
  parsed.set(id, baseline);
  return baseline;
}

/** Stores a frozen baseline; a baseline is immutable, so storing the same one again changes nothing. */
export async function saveBaseline(db: Queryable, baseline: Baseline, frozenAt: string): Promise<void> {
  await db.query(
    `INSERT INTO outlier_baseline (id, version, seed, periods, claims, frozen_at, body)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) ON CONFLICT (id) DO NOTHING`,
    [baseline.id, baseline.version, baseline.seed, baseline.periods, baseline.claims, frozenAt, JSON.stringify(baseline)],
  );
}

/**
 * The claims of closed periods as a baseline learns from them, read back from the decision log
 * (which keeps every input), first pricing only.
 */
export async function baselineClaims(db: Queryable, periods: readonly string[]): Promise<BaselineClaim[]> {
  const { rows } = await db.query<{ period: string; inputs: Record<string, unknown> }>(
    "SELECT period, inputs FROM outlier_decision WHERE run_id = '' AND period = ANY($1::text[])",
    [periods],
  );
  return rows.map((r) => ({ ...(r.inputs as unknown as Omit<BaselineClaim, "period">), period: r.period }));
}

export type FreezeOptions = { version: number; seed: number; periods: string[]; frozenAt: string };

/** Freezes and stores a new baseline version from the logged claims of the given closed periods. */
export async function freezeBaseline(db: Db, options: FreezeOptions): Promise<Baseline> {
  const claims = await baselineClaims(db, options.periods);
  const baseline = buildBaseline(claims, options);
  await saveBaseline(db, baseline, options.frozenAt);
  return baseline;
}
