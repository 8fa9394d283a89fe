import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { claimColumnIndex, claimFromRow, isRowError, splitCsvLine, type Claim } from "@casemix/grouper";

/** ../shared/data/chs-drg-1.1 (the default CHS-DRG tables and conformance fixture) resolved from the repo root (the reference data lives outside the repo). */
export const chsDrgDir: string = fileURLToPath(new URL("../../../../shared/data/chs-drg-1.1/", import.meta.url));
export const casesCsv = `${chsDrgDir}conformance/cases.csv`;
export const hasSharedData: boolean = existsSync(casesCsv);

export type ConformanceCase = { claim: Claim; line: string; expected: { mdc: string; adrg: string; drg: string } };

/** The conformance claims with their expected MDC, ADRG and DRG. */
export function readConformanceCases(): ConformanceCase[] {
  const lines = readFileSync(casesCsv, "utf8").split("\n").filter((l) => l !== "");
  const header = splitCsvLine(lines[0]);
  const idx = claimColumnIndex(header);
  const [m, a, d] = ["expected_mdc", "expected_adrg", "expected_drg"].map((c) => header.indexOf(c));
  return lines.slice(1).map((line) => {
    const row = splitCsvLine(line);
    const claim = claimFromRow(row, idx);
    if (isRowError(claim)) throw new Error(`${casesCsv}: ${claim.message}`);
    return { claim, line, expected: { mdc: row[m], adrg: row[a], drg: row[d] } };
  });
}
