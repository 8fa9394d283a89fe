import { createReadStream, createWriteStream } from "node:fs";
import { parseArgs } from "node:util";
import { importChsDrg } from "@casemix/chs-drg";
import {
  claimColumnIndex,
  claimFromRow,
  compileDefinition,
  csvField,
  demoDefinitionDir,
  groupClaim,
  isRowError,
  loadPackage,
  splitCsvLine,
  validatePackage,
  type CompiledDefinition,
  type PackageIssue,
  type DefinitionPackage,
  type GroupResult,
} from "@casemix/grouper";
import { FileRejected } from "@casemix/claims";
import { claimsFileFormat, submittedClaims } from "../submitted-claims.ts";

export const summary = "group a claims CSV with a definition: --definitions <dir> --format package|chs-drg --input <csv> --output <csv>";

const USAGE = `usage: casemix group [--definitions <dir>] [--format package|chs-drg] --input <claims file> --output <result.csv> [--trace]

Groups every claim of a file and writes case_id,mdc,adrg,drg,severity,status,reason (and trace as
JSON with --trace). The input is the engine's claims CSV (columns of conformance/cases.csv; extra
columns ignored), or a submission file as hospitals send it (CSV with claim_number, NDJSON, JSON),
mapped as the pipeline maps it; case_id is then the claim number, and a claim the pipeline would
reject is check_failed with its first error (code:field).
--format package   <dir> is a definition package (default; see shared/grouper/README.md)
--format chs-drg   <dir> holds the CHS-DRG 1.1 tables, imported on the fly
Without --definitions the built-in demo definition is used (illustrative, not for payment).`;

export type DefinitionFormat = "package" | "chs-drg";

/** Loads and compiles a definition; an error names the file, line and field of every problem. */
export function loadDefinition(dir: string | undefined, format: string): { ok: true; def: CompiledDefinition } | { ok: false; message: string } {
  let pkg: DefinitionPackage;
  if (format === "chs-drg") {
    if (!dir) return { ok: false, message: "--format chs-drg needs --definitions <dir>" };
    try {
      pkg = importChsDrg(dir);
    } catch (e) {
      return { ok: false, message: `cannot import ${dir}: ${e instanceof Error ? e.message : String(e)}` };
    }
    const issues = validatePackage(pkg);
    if (issues.length > 0) return { ok: false, message: `the tables in ${dir} import to an invalid definition:\n${formatIssues(issues)}` };
  } else if (format === "package") {
    const loaded = loadPackage(dir ?? demoDefinitionDir);
    if (!loaded.ok) {
      return { ok: false, message: `invalid definition package ${dir ?? demoDefinitionDir}:\n${formatIssues(loaded.issues)}` };
    }
    pkg = loaded.package;
  } else return { ok: false, message: `unknown --format "${format}" (use package or chs-drg)` };
  return { ok: true, def: compileDefinition(pkg) };
}

function formatIssues(issues: PackageIssue[]): string {
  const shown = issues.slice(0, 50).map((i) => `${i.file}${i.line ? `:${i.line}` : ""}: ${i.field}: ${i.message} [${i.code}]`);
  if (issues.length > shown.length) shown.push(`... and ${issues.length - shown.length} more`);
  return shown.join("\n");
}

/** `casemix group`: streams the input CSV, groups each claim and streams the result CSV. */
export async function run(args: string[]): Promise<number> {
  let opts;
  try {
    opts = parseArgs({
      args,
      options: {
        definitions: { type: "string" },
        format: { type: "string", default: "package" },
        input: { type: "string" },
        output: { type: "string" },
        trace: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }).values;
  } catch (e) {
    console.error(`casemix group: ${e instanceof Error ? e.message : e}\n${USAGE}`);
    return 2;
  }
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  if (!opts.input || !opts.output) {
    console.error(`casemix group: --input and --output are required\n${USAGE}`);
    return 2;
  }
  const started = performance.now();
  const loaded = loadDefinition(opts.definitions, opts.format);
  if (!loaded.ok) {
    console.error(`casemix group: ${loaded.message}`);
    return 1;
  }
  if (loaded.def.manifest.illustrative) console.error(`casemix group: definition ${loaded.def.manifest.id} is illustrative, not for payment`);
  const read = claimsFileFormat(opts.input);
  if ("error" in read) {
    console.error(`casemix group: ${read.error}`);
    return 1;
  }
  const counts = read.format !== null
    ? await groupSubmissionFile(loaded.def, opts.input, read.format, opts.output, opts.trace)
    : await groupFile(loaded.def, opts.input, opts.output, opts.trace);
  if (typeof counts === "string") {
    console.error(`casemix group: ${counts}`);
    return 1;
  }
  const secs = (performance.now() - started) / 1000;
  const usage = process.resourceUsage();
  const cpu = (usage.userCPUTime + usage.systemCPUTime) / 1e6; // whole process, start-up included
  console.error(
    `casemix group: ${counts.total} claims (${counts.grouped} grouped, ${counts.check_failed} check_failed, ${counts.ungroupable} ungroupable) ` +
      `in ${secs.toFixed(2)} s (${Math.round(counts.total / secs)} claims/s), process CPU ${cpu.toFixed(2)} s, peak RSS ${Math.round(usage.maxRSS / 1024)} MiB -> ${opts.output}`,
  );
  return 0;
}

type Counts = { total: number; grouped: number; check_failed: number; ungroupable: number };

/**
 * The result CSV of {@link groupFile} and {@link groupSubmissionFile}: one row per claim, written in
 * blocks as claims are read, with backpressure, so a national file never sits in memory.
 */
function createResultWriter(output: string, withTrace: boolean) {
  const counts: Counts = { total: 0, grouped: 0, check_failed: 0, ungroupable: 0 };
  const out = createWriteStream(output);
  let outError: Error | null = null;
  const outDone = new Promise<void>((resolve) => {
    out.on("finish", resolve);
    out.on("error", (e) => {
      outError = e;
      resolve();
    });
  });
  let buffer: string[] = [withTrace ? "case_id,mdc,adrg,drg,severity,status,reason,trace\n" : "case_id,mdc,adrg,drg,severity,status,reason\n"];
  return {
    /** Rows buffered since the last flush. */
    get buffered() {
      return buffer.length;
    },
    get failed() {
      return outError !== null;
    },
    add(caseId: string, r: GroupResult): void {
      counts.total++;
      counts[r.status]++;
      let line = `${csvField(caseId)},${r.mdc},${r.adrg},${r.drg},${r.severity ?? ""},${r.status},${csvField(r.reason)}`;
      if (withTrace) line += `,${csvField(JSON.stringify(r.trace))}`;
      buffer.push(line + "\n");
    },
    /** Writes what is buffered, waiting while the file's stream is full. */
    async flush(): Promise<void> {
      if (buffer.length > 0 && !out.write(buffer.join(""))) await Promise.race([new Promise<void>((r) => out.once("drain", () => r())), outDone]);
      buffer = [];
    },
    /** Writes the rest and closes the file: the counts, or why the file could not be written. */
    async end(): Promise<Counts | string> {
      if (!outError) out.end(buffer.join(""));
      await outDone;
      if (outError) return `cannot write ${output}: ${(outError as Error).message}`;
      return counts;
    },
    /** Abandons the file for `message`, which it returns. */
    fail(message: string): string {
      out.destroy();
      return message;
    },
  };
}

/** Groups `input` into `output` line by line; returns counts, or an error message. */
export async function groupFile(def: CompiledDefinition, input: string, output: string, withTrace: boolean): Promise<Counts | string> {
  const result = createResultWriter(output, withTrace);
  let idx: ReturnType<typeof claimColumnIndex> | null = null;
  const u = def.manifest.ungrouped;
  const groupOptions = { trace: withTrace };
  const onLine = (line: string): string | null => {
    if (idx === null) {
      try {
        idx = claimColumnIndex(splitCsvLine(line));
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
      return null;
    }
    if (line === "") return null;
    const row = splitCsvLine(line);
    const claim = claimFromRow(row, idx);
    if (isRowError(claim)) {
      result.add(row[idx.case_id] ?? "", { mdc: u.mdc, adrg: u.adrg, drg: u.drg, severity: null, status: "check_failed", reason: `${claim.code}:${claim.field}`, trace: null });
    } else {
      result.add(claim.caseId ?? "", groupClaim(def, claim, groupOptions));
    }
    return null;
  };
  let rest = "";
  try {
    for await (const chunk of createReadStream(input, { encoding: "utf8", highWaterMark: 1 << 20 })) {
      const text = rest + (chunk as string);
      let start = 0;
      for (let nl = text.indexOf("\n", start); nl >= 0; nl = text.indexOf("\n", start)) {
        const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        const err = onLine(text.slice(start, end));
        if (err) return result.fail(err);
        start = nl + 1;
      }
      rest = text.slice(start);
      if (result.failed) break;
      await result.flush();
    }
    if (rest !== "") {
      const err = onLine(rest.endsWith("\r") ? rest.slice(0, -1) : rest);
      if (err) return result.fail(err);
    }
    if (idx === null) return result.fail(`${input} is empty`);
  } catch (e) {
    return result.fail(`cannot read ${input}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return result.end();
}

/**
 * Groups a submission file (what hospitals send) into the same result CSV as {@link groupFile}:
 * each claim read by intake's readers and mapped as the pipeline maps it.
 */
export async function groupSubmissionFile(def: CompiledDefinition, input: string, format: "csv" | "ndjson" | "json", output: string, withTrace: boolean): Promise<Counts | string> {
  const result = createResultWriter(output, withTrace);
  const u = def.manifest.ungrouped;
  try {
    for await (const c of submittedClaims(input, format)) {
      if (c.mapped.ok) result.add(c.claimNumber, groupClaim(def, c.mapped.claim, { trace: withTrace }));
      else {
        const e = c.mapped.errors[0];
        result.add(c.claimNumber, { mdc: u.mdc, adrg: u.adrg, drg: u.drg, severity: null, status: "check_failed", reason: `${e?.code ?? "E_ROW"}:${e?.field ?? ""}`, trace: null });
      }
      if (result.buffered >= 10_000) await result.flush();
      if (result.failed) break;
    }
  } catch (e) {
    if (e instanceof FileRejected) return result.fail(`${input} is refused: ${e.message} [${e.code}]`);
    return result.fail(`cannot read ${input}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return result.end();
}

/** Printed by `casemix group --help` (main.ts), which never runs the command. */
export const usage = USAGE;
