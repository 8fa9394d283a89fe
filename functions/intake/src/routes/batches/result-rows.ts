import type { Db } from "@casemix/db";
import { csvCell } from "@casemix/claims";

/**
 * The per-batch result file: every submitted row with its state, its reasons, once they exist its DRG
 * and price, and for a late claim (its period already closed) the adjustment run that paid it (which
 * price records on the row). Groupings and prices live in tables other steps own (`grouping`, `price`,
 * keyed by claim_id and version); they are joined only when present, with the columns they have,
 * so this file works before those steps exist and picks them up once they do.
 */
export const RESULT_COLUMNS = ["row_no", "claim_number", "claim_id", "version", "state", "period", "error_codes", "error_messages", "flags", "drg", "price_ringgit", "adjustment_run_id"] as const;

type Joins = { drg: string; price: string; from: string };

/** Finds which result tables exist and what their DRG and amount columns are called. */
export async function resultJoins(db: Db): Promise<Joins> {
  const { rows } = await db.query<{ table_name: string; column_name: string }>(
    "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name IN ('grouping', 'price')",
  );
  const cols = (t: string) => new Set(rows.filter((r) => r.table_name === t).map((r) => r.column_name));
  const g = cols("grouping");
  const p = cols("price");
  let drg = "NULL::text";
  let price = "NULL::text";
  let from = "";
  if (g.has("claim_id") && g.has("version") && g.has("drg")) {
    const order = g.has("created_at") ? "ORDER BY g.created_at DESC" : "";
    from += ` LEFT JOIN LATERAL (SELECT g.drg FROM grouping g WHERE g.claim_id = r.claim_id AND g.version = r.version ${order} LIMIT 1) gx ON true`;
    drg = "gx.drg";
  }
  const amount = ["total_sen", "payment_sen", "amount_sen"].find((c) => p.has(c));
  if (p.has("claim_id") && p.has("version") && amount) {
    const order = p.has("created_at") ? "ORDER BY p.created_at DESC" : "";
    from += ` LEFT JOIN LATERAL (SELECT p.${amount}::text AS sen FROM price p WHERE p.claim_id = r.claim_id AND p.version = r.version ${order} LIMIT 1) px ON true`;
    price = "px.sen";
  }
  return { drg, price, from };
}

type ResultRow = {
  row_no: number; claim_number: string | null; claim_id: string | null; version: number | null; state: string; period: string | null;
  errors: unknown; flags: unknown; drg: string | null; price_sen: string | null; adjustment_run_id?: string | null;
};

const parseJson = (v: unknown): { code?: string; message?: string; reason?: string }[] =>
  v === null || v === undefined ? [] : ((typeof v === "string" ? JSON.parse(v) : v) as { code?: string; message?: string }[]);

function senToRinggit(sen: string | null): string {
  if (sen === null) return "";
  const neg = sen.startsWith("-");
  const digits = (neg ? sen.slice(1) : sen).padStart(3, "0");
  return `${neg ? "-" : ""}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** Keeps a spreadsheet from reading a cell as a formula (OWASP CSV injection). */
const safe = (v: string) => csvCell(/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

export function resultLine(r: ResultRow): string {
  const errors = parseJson(r.errors);
  const flags = parseJson(r.flags);
  return [
    String(r.row_no), r.claim_number ?? "", r.claim_id ?? "", r.version === null ? "" : String(r.version), r.state, r.period ?? "",
    errors.map((e) => e.code).join("|"), errors.map((e) => e.message).join(" | "), flags.map((f) => f.code).join("|"), r.drg ?? "", senToRinggit(r.price_sen),
    r.adjustment_run_id ?? "",
  ].map(safe).join(",");
}

/**
 * Pages through the batch by row number (keyset), so a 1M-row result never sits in memory. A row
 * received but not yet decided (claim_row gets it from validate or dedupe) is listed as `received`.
 */
export async function* resultLines(db: Db, batchId: string, rowsReceived: number, pageSize = 5000): AsyncGenerator<string> {
  const joins = await resultJoins(db);
  yield RESULT_COLUMNS.join(",") + "\r\n";
  let after = 0;
  const undecided = (from: number, to: number) => {
    let out = "";
    for (let n = from; n <= to; n++) out += resultLine({ row_no: n, claim_number: null, claim_id: null, version: null, state: "received", period: null, errors: null, flags: null, drg: null, price_sen: null }) + "\r\n";
    return out;
  };
  for (;;) {
    const { rows } = await db.query<ResultRow>(
      `SELECT r.row_no, r.claim_number, r.claim_id, r.version, r.state, r.period, r.errors, r.flags, ${joins.drg} AS drg, ${joins.price} AS price_sen, r.adjustment_run_id
       FROM claim_row r ${joins.from} WHERE r.batch_id = $1 AND r.row_no > $2 ORDER BY r.row_no LIMIT $3`,
      [batchId, after, pageSize],
    );
    if (rows.length === 0) break;
    let page = "";
    for (const r of rows) {
      page += undecided(after + 1, Number(r.row_no) - 1) + resultLine(r) + "\r\n";
      after = Number(r.row_no);
    }
    yield page;
  }
  for (let from = after + 1; from <= rowsReceived; from += pageSize) yield undecided(from, Math.min(rowsReceived, from + pageSize - 1));
}
