import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { claimColumnIndex, claimFromRow, formatExplanation, groupClaim, isRowError, listEdits, splitCsvLine, type Claim } from "@casemix/grouper";
import { loadDefinition } from "./group.ts";

export const summary = "show how one claim is grouped, rule by rule: --definitions <dir> --format ... (--input <csv> --case <id> | --claim <json>)";

const USAGE = `usage: casemix explain [--definitions <dir>] [--format package|chs-drg] (--input <claims.csv> --case <case_id> | --claim '<json>') [--json]

Groups one claim and prints the trace: the checks, the MDCs entered, every rule tried and the one that
matched, the secondary codes that raised severity or were excluded (and by which exclusion), and the
clinical edits the claim fails. --claim takes the engine's claim JSON, e.g.
'{"sex":"M","ageYears":50,"principalDx":"G45.000","secondaryDx":["A01.100"],"procedures":[]}'.`;

/** `casemix explain`: a readable one-claim trace (or JSON with --json). */
export async function run(args: string[]): Promise<number> {
  let opts;
  try {
    opts = parseArgs({
      args,
      options: {
        definitions: { type: "string" },
        format: { type: "string", default: "package" },
        input: { type: "string" },
        case: { type: "string" },
        claim: { type: "string" },
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }).values;
  } catch (e) {
    console.error(`casemix explain: ${e instanceof Error ? e.message : e}\n${USAGE}`);
    return 2;
  }
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  const claim = opts.claim ? claimFromJson(opts.claim) : opts.input && opts.case ? await claimFromCsv(opts.input, opts.case) : "--claim, or --input with --case, is required";
  if (typeof claim === "string") {
    console.error(`casemix explain: ${claim}\n${USAGE}`);
    return 2;
  }
  const loaded = loadDefinition(opts.definitions, opts.format);
  if (!loaded.ok) {
    console.error(`casemix explain: ${loaded.message}`);
    return 1;
  }
  const result = groupClaim(loaded.def, claim);
  const edits = listEdits(loaded.def, claim);
  if (opts.json) console.log(JSON.stringify({ claim, result, edits }, null, 2));
  else console.log(formatExplanation(loaded.def, claim, result, edits));
  return 0;
}

/** Parses a claim given as JSON; absent fields are empty. */
export function claimFromJson(text: string): Claim | string {
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    return `--claim is not JSON: ${e instanceof Error ? e.message : e}`;
  }
  const num = (k: string) => (typeof v[k] === "number" ? (v[k] as number) : null);
  const str = (k: string) => (typeof v[k] === "string" && v[k] !== "" ? (v[k] as string) : null);
  const list = (k: string) => (Array.isArray(v[k]) ? (v[k] as unknown[]).map(String) : []);
  return {
    caseId: str("caseId") ?? undefined,
    sex: str("sex"),
    ageYears: num("ageYears"),
    ageDays: num("ageDays"),
    birthWeight: num("birthWeight"),
    los: num("los"),
    dischargeStatus: str("dischargeStatus"),
    department: str("department"),
    principalDx: str("principalDx"),
    secondaryDx: list("secondaryDx"),
    procedures: list("procedures"),
  };
}

async function claimFromCsv(file: string, caseId: string): Promise<Claim | string> {
  const lines = createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity });
  let idx: ReturnType<typeof claimColumnIndex> | null = null;
  try {
    for await (const line of lines) {
      if (idx === null) {
        idx = claimColumnIndex(splitCsvLine(line));
        continue;
      }
      const row = splitCsvLine(line);
      if (row[idx.case_id] !== caseId) continue;
      const claim = claimFromRow(row, idx);
      return isRowError(claim) ? `case ${caseId}: ${claim.message}` : claim;
    }
  } catch (e) {
    return `cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`;
  } finally {
    lines.close();
  }
  return `case ${caseId} is not in ${file}`;
}

/** Printed by `casemix explain --help` (main.ts), which never runs the command. */
export const usage = USAGE;
