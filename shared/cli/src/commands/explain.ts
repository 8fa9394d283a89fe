import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { ClaimSubmissionSchema, groupingInputFromSubmission, type ClaimError } from "@casemix/claims";
import { claimColumnIndex, claimFromRow, formatExplanation, groupClaim, isRowError, listEdits, splitCsvLine, type Claim } from "@casemix/grouper";
import { loadDefinition } from "./group.ts";
import { claimsFileFormat, findSubmittedClaim } from "../submitted-claims.ts";

export const summary = "show how one claim is grouped, rule by rule: --definitions <dir> --format ... (--input <file> --case <id> | --claim <json>)";

const USAGE = `usage: casemix explain [--definitions <dir>] [--format package|chs-drg] (--input <file> --case <id> | --claim '<json>') [--json]

Groups one claim and prints the trace: the checks, the MDCs entered, every rule tried and the one that
matched, the secondary codes that raised severity or were excluded (and by which exclusion), and the
clinical edits the claim fails.
--claim takes the engine's claim JSON, e.g.
  '{"sex":"M","ageYears":50,"principalDx":"G45.000","secondaryDx":["A01.100"],"procedures":[]}',
  or a claim as submitted to POST /v1/claims (shared/claims/examples/claim.json), mapped as the
  pipeline maps it (age at admission, length of stay in calendar days). Unknown fields are refused.
--input takes the engine's claims CSV (with --case <case_id>) or a submission file, CSV, NDJSON or
  JSON, found by its claim number (--case or --claim-number).`;

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
        "claim-number": { type: "string" },
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
  const wanted = opts.case ?? opts["claim-number"];
  const claim = opts.claim ? claimFromJson(opts.claim) : opts.input && wanted ? await claimFromFile(opts.input, wanted) : "--claim, or --input with --case, is required";
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

const ENGINE_FIELDS: ReadonlySet<string> = new Set(["caseId", "sex", "ageYears", "ageDays", "birthWeight", "los", "dischargeStatus", "department", "principalDx", "secondaryDx", "procedures"]);
const SUBMISSION_FIELDS: ReadonlySet<string> = new Set(Object.keys(ClaimSubmissionSchema.shape));

const listErrors = (errors: readonly ClaimError[]) => errors.map((e) => `${e.field}: ${e.message} [${e.code}]`).join("\n");

/**
 * Parses a claim given as JSON: the engine's form (absent fields are empty), or a claim as submitted
 * (any field only the submission has, such as claimNumber or principalDiagnosis), mapped as the
 * pipeline maps it. Unknown fields are named, never ignored (a submission once grouped as empty).
 */
export function claimFromJson(text: string): Claim | string {
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    return `--claim is not JSON: ${e instanceof Error ? e.message : e}`;
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) return "--claim must be a JSON object";
  const keys = Object.keys(v);
  if (keys.some((k) => SUBMISSION_FIELDS.has(k) && !ENGINE_FIELDS.has(k))) {
    const mapped = groupingInputFromSubmission(v);
    return mapped.ok ? mapped.claim : `the submitted claim is not valid:\n${listErrors(mapped.errors)}`;
  }
  const unknown = keys.filter((k) => !ENGINE_FIELDS.has(k));
  if (unknown.length > 0) return `unknown field(s) ${unknown.join(", ")} in --claim; the engine's claim has ${[...ENGINE_FIELDS].join(", ")}`;
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

/** One claim from a file: a submission file (CSV with claim_number, NDJSON, JSON) or the engine's claims CSV. */
async function claimFromFile(file: string, id: string): Promise<Claim | string> {
  const read = claimsFileFormat(file);
  if ("error" in read) return read.error;
  if (read.format === null) return claimFromCsv(file, id);
  const found = await findSubmittedClaim(file, read.format, id);
  if (typeof found === "string") return found;
  return found.mapped.ok ? found.mapped.claim : `claim ${id} (row ${found.rowNo}) is not valid:\n${listErrors(found.mapped.errors)}`;
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
