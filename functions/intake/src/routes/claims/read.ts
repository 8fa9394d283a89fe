import type { Db } from "@casemix/db";

/**
 * What the web application's claim page shows, read from the tables each step owns (one database):
 * the claim (dedupe), each version's row and state (intake, validate, dedupe), its grouping with the
 * trace (group), its prices with every component (price) and its outlier decision and review
 * (flag-outlier). Every lookup is by a primary key or a key prefix, so a claim page costs a handful
 * of index reads however large the period is.
 */
export type ClaimView = {
  claim: { claimId: string; hospitalCode: string; claimNumber: string; currentVersion: number; period: string | null; admissionDate: string | null; dischargeDate: string | null };
  versions: ClaimVersionView[];
};

export type ClaimVersionView = {
  version: number;
  batchId: string;
  rowNo: number;
  state: string | null;
  errors: unknown[];
  groupings: { definitionVersionId: string; mdc: string; adrg: string; drg: string; severity: string | null; status: string; reason: string; trace: unknown }[];
  prices: Record<string, unknown>[];
  outlier: { runId: string; flagged: boolean; flags: unknown[]; checks: unknown; baselineId: string | null }[];
  reviews: { runId: string; status: string; flags: unknown[]; decidedBy: string | null; decidedAt: string | null; comment: string | null }[];
};

/** Price columns shown, in the order a finance officer recomputes a payment. */
const PRICE_COLUMNS = [
  "run_id", "tariff_version_id", "register_version_id", "drg", "hospital_class", "region", "base_rate_region", "los", "discharge_status",
  "discharge_kind", "los_case", "los_days", "los_rate", "base_rate_sen", "weight", "mean_los", "low_trim", "high_trim", "base_payment_sen",
  "los_adjustment_sen", "transfer_payment_sen", "transfer_adjustment_sen", "total_charges_sen", "outlier_threshold_sen", "outlier_marginal_rate",
  "outlier_excess_sen", "outlier_payment_sen", "total_sen", "previous_total_sen", "delta_sen", "error_code", "created_at",
] as const;

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());
const day = (v: Date | string | null) => (v === null ? null : typeof v === "string" ? v.slice(0, 10) : v.toISOString().slice(0, 10));

/**
 * The first pricing of a claim version is in its batch's run (price's grouped.ts batchRunId:
 * `run_<batchId>`, hashed past 68 characters, which intake's ids never reach); a later one is the run
 * price_current points at. price's primary key is (run_id, claim_id, version), so each is one lookup.
 */
const firstRunOf = (batchId: string) => `run_${batchId}`;

export async function readClaim(db: Db, claimId: string): Promise<ClaimView | undefined> {
  const { rows: claims } = await db.query<{ claim_id: string; hospital_code: string; claim_number: string; current_version: number; period: string | null; admission_date: Date | string | null; discharge_date: Date | string | null; batch_id: string; row_no: number }>(
    "SELECT claim_id, hospital_code, claim_number, current_version, period, admission_date, discharge_date, batch_id, row_no FROM claim WHERE claim_id = $1",
    [claimId],
  );
  const c = claims[0];
  if (!c) return undefined;
  // Independent lookups, sent together (the pool serves them on separate connections).
  const [{ rows: groupings }, { rows: decisions }, { rows: reviews }, { rows: current }] = await Promise.all([
    db.query<{ version: number; batch_id: string; row_no: number; definition_version_id: string; mdc: string; adrg: string; drg: string; severity: string | null; status: string; reason: string; trace: unknown }>(
      "SELECT version, batch_id, row_no, definition_version_id, mdc, adrg, drg, severity, status, reason, trace FROM grouping WHERE claim_id = $1 ORDER BY version, created_at",
      [claimId],
    ),
    db.query<{ version: number; run_id: string; batch_id: string; row_no: number; flagged: boolean; flags: unknown[]; checks: unknown; baseline_id: string | null }>(
      "SELECT version, run_id, batch_id, row_no, flagged, flags, checks, baseline_id FROM outlier_decision WHERE claim_id = $1 ORDER BY version, decided_at",
      [claimId],
    ),
    db.query<{ version: number; run_id: string; status: string; flags: unknown[]; decided_by: string | null; decided_at: Date | string | null; comment: string | null }>(
      "SELECT version, run_id, status, flags, decided_by, decided_at, comment FROM outlier_review WHERE claim_id = $1 ORDER BY version, created_at",
      [claimId],
    ),
    db.query<{ run_id: string; version: number }>("SELECT run_id, version FROM price_current WHERE claim_id = $1", [claimId]),
  ]);
  // Every version the steps saw, with the (batch, row) it came from: claim_row's key.
  const where = new Map<number, { batchId: string; rowNo: number }>([[Number(c.current_version), { batchId: c.batch_id, rowNo: Number(c.row_no) }]]);
  for (const r of [...groupings, ...decisions]) if (!where.has(Number(r.version))) where.set(Number(r.version), { batchId: r.batch_id, rowNo: Number(r.row_no) });
  const versions: ClaimVersionView[] = [];
  for (const [version, at] of [...where].sort(([a], [b]) => a - b)) {
    const runs = [firstRunOf(at.batchId), ...current.filter((p) => Number(p.version) === version).map((p) => p.run_id)];
    const [{ rows: row }, { rows: prices }] = await Promise.all([
      db.query<{ state: string; errors: unknown[] | null }>("SELECT state, errors FROM claim_row WHERE batch_id = $1 AND row_no = $2", [at.batchId, at.rowNo]),
      db.query<Record<string, unknown>>(
        `SELECT ${PRICE_COLUMNS.join(", ")} FROM price WHERE run_id = ANY($1::text[]) AND claim_id = $2 AND version = $3 ORDER BY created_at`,
        [[...new Set(runs)], claimId, version],
      ),
    ]);
    versions.push({
      version,
      ...at,
      state: row[0]?.state ?? null,
      errors: row[0]?.errors ?? [],
      groupings: groupings.filter((g) => Number(g.version) === version).map((g) => ({
        definitionVersionId: g.definition_version_id, mdc: g.mdc, adrg: g.adrg, drg: g.drg, severity: g.severity, status: g.status, reason: g.reason, trace: g.trace,
      })),
      prices: prices.map((p) => Object.fromEntries(Object.entries(p).map(([k, v]) => [camel(k), k === "created_at" ? iso(v as Date) : v === null || typeof v === "string" ? v : String(v)]))),
      outlier: decisions.filter((d) => Number(d.version) === version).map((d) => ({ runId: d.run_id, flagged: d.flagged, flags: d.flags, checks: d.checks, baselineId: d.baseline_id })),
      reviews: reviews.filter((r) => Number(r.version) === version).map((r) => ({ runId: r.run_id, status: r.status, flags: r.flags, decidedBy: r.decided_by, decidedAt: iso(r.decided_at), comment: r.comment })),
    });
  }
  return {
    claim: { claimId: c.claim_id, hospitalCode: c.hospital_code, claimNumber: c.claim_number, currentVersion: Number(c.current_version), period: c.period, admissionDate: day(c.admission_date), dischargeDate: day(c.discharge_date) },
    versions,
  };
}
