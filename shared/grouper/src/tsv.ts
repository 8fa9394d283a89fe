import type { PackageIssue } from "./types.ts";

/** Rows of a TSV table with the 1-based line number of each row. */
export type TsvTable = { rows: (string | null)[][]; lines: number[] };

/**
 * Parses a tab-separated table whose first non-comment line is exactly `columns`.
 * Lines starting with `#` and empty lines are skipped; an empty cell is null.
 */
export function parseTsv(file: string, text: string, columns: readonly string[], issues: PackageIssue[]): TsvTable {
  const rows: (string | null)[][] = [];
  const lines: number[] = [];
  const all = text.split("\n");
  let header = false;
  for (let i = 0; i < all.length; i++) {
    const raw = all[i].endsWith("\r") ? all[i].slice(0, -1) : all[i];
    if (raw === "" || raw.startsWith("#")) continue;
    const cells = raw.split("\t");
    if (!header) {
      header = true;
      if (cells.join("\t") !== columns.join("\t")) {
        issues.push({ code: "E_PKG_HEADER", file, line: i + 1, field: "header", message: `expected columns ${columns.join(", ")}` });
        return { rows, lines };
      }
      continue;
    }
    if (cells.length !== columns.length) {
      issues.push({ code: "E_PKG_COLUMNS", file, line: i + 1, field: columns[Math.min(cells.length, columns.length - 1)], message: `expected ${columns.length} tab-separated fields, found ${cells.length}` });
      continue;
    }
    rows.push(cells.map((c) => (c === "" ? null : c)));
    lines.push(i + 1);
  }
  if (!header) issues.push({ code: "E_PKG_HEADER", file, line: 1, field: "header", message: `missing header ${columns.join(", ")}` });
  return { rows, lines };
}

/** Writes rows as TSV with a header; null becomes an empty cell. Tabs and newlines are not allowed in values. */
export function formatTsv(columns: readonly string[], rows: (string | number | null)[][]): string {
  const out = [columns.join("\t")];
  for (const r of rows) out.push(r.map((c) => (c === null ? "" : String(c).replace(/[\t\r\n]/g, " "))).join("\t"));
  return out.join("\n") + "\n";
}

export const DIAGNOSIS_COLUMNS = ["code", "name", "severity", "cc_exclusion", "pdx_exclusion", "sex", "age_min", "age_max"] as const;
export const PROCEDURE_COLUMNS = ["code", "name", "sex", "age_min", "age_max"] as const;
export const LIST_COLUMNS = ["list", "code", "group"] as const;
export const DRG_COLUMNS = ["drg", "adrg", "min_severity", "name"] as const;
