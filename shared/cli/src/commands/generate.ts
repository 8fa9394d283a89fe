import { parseArgs } from "node:util";
import { generateBatch, type GenerateOptions } from "@casemix/generator";
import { createProgress } from "@casemix/progress";
import { registerFromDatabase, type Register } from "../register-in-db.ts";

export const summary = "generate a seeded national batch of claim CSV files with a manifest: --claims N --period YYYY-MM --out <dir>";

const USAGE = `usage: casemix generate --claims <n> --period <YYYY-MM> --out <dir> [options]

Writes claim CSV files in the submission format of @casemix/claims (one per hospital, or one national
file) and <dir>/manifest.json: the expected count of claims in each terminal state (final, ungroupable,
rejected, duplicate, superseded) in total, per hospital and per file, with the seed and options.
The same seed and options give byte-identical files. See shared/generator/README.md.

  --claims <n>              rows to write, every kind included (required)
  --period <YYYY-MM>        first discharge month (required)
  --months <n>              discharge months covered from --period (default 1)
  --definition demo|chs-drg coding: the demo definition, or CHS-DRG 1.1 sampled from its 3,000
                            conformance claims in ../shared (default demo)
  --hospitals <n>           sending hospitals, chosen from the register weighted by beds (default 40)
  --seed <n>                random seed, 0..4294967295 (default 1)
  --duplicates <rate>       exact resubmissions of earlier claims (default 0.01)
  --corrections <rate>      corrected resubmissions: same hospital and claim number, changed content (default 0.005)
  --probable-duplicates <rate>  same patient and stay under a new claim number (default 0.002)
  --bad <rate>              bad claims, spread over the kinds in the README (default 0.01)
  --split hospital|national one file per hospital (<code>.csv) or claims.csv (default hospital)
  --register files|database the register hospitals are drawn from: the demo register files (every MOH
                            hospital when ../shared is there), or the one in force in the database
                            claims will be sent to (DATABASE_URL, else PGLITE_DATA_DIR, default
                            .data/pglite; not while casemix start runs on that folder). Default:
                            database when DATABASE_URL is set, else files
  --out <dir>               output folder (created; files in it are overwritten)
  --quiet                   no progress display`;

const number = (name: string, text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n)) throw new Error(`--${name} must be a number, got "${text}"`);
  return n;
};

/** Turns command-line arguments into generator options; throws with a message naming the flag. */
export function parseGenerateArgs(args: string[]): GenerateOptions & { quiet: boolean; help: boolean; register?: "files" | "database" } {
  const { values: v } = parseArgs({
    args,
    options: {
      claims: { type: "string" }, period: { type: "string" }, months: { type: "string" }, definition: { type: "string" },
      hospitals: { type: "string" }, seed: { type: "string" }, duplicates: { type: "string" }, corrections: { type: "string" },
      "probable-duplicates": { type: "string" }, bad: { type: "string" }, split: { type: "string" }, out: { type: "string" }, register: { type: "string" },
      quiet: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false },
    },
  });
  const options = {
    claims: number("claims", v.claims) as number,
    period: v.period as string,
    months: number("months", v.months),
    definition: v.definition as GenerateOptions["definition"],
    hospitals: number("hospitals", v.hospitals),
    seed: number("seed", v.seed),
    duplicates: number("duplicates", v.duplicates),
    corrections: number("corrections", v.corrections),
    probableDuplicates: number("probable-duplicates", v["probable-duplicates"]),
    bad: number("bad", v.bad),
    split: v.split as GenerateOptions["split"],
    out: v.out as string,
  };
  for (const k of Object.keys(options) as (keyof typeof options)[]) if (options[k] === undefined) delete options[k];
  if (v.register !== undefined && v.register !== "files" && v.register !== "database") throw new Error(`--register must be files or database, got "${v.register}"`);
  return { ...options, quiet: v.quiet ?? false, help: v.help ?? false, ...(v.register ? { register: v.register as "files" | "database" } : {}) };
}

/** `casemix generate`: writes the batch, shows progress on stderr, prints the totals and the throughput. */
export async function run(args: string[], source: Record<string, string | undefined> = process.env): Promise<number> {
  let parsed;
  try {
    parsed = parseGenerateArgs(args);
  } catch (e) {
    console.error(`casemix generate: ${e instanceof Error ? e.message : e}\n${USAGE}`);
    return 2;
  }
  const { quiet, help, register: from = source.DATABASE_URL ? "database" : "files", ...options } = parsed;
  if (help) {
    console.log(USAGE);
    return 0;
  }
  let register: Register | undefined;
  if (from === "database" && /^\d{4}-\d\d$/.test(options.period ?? "")) {
    const found = await registerFromDatabase(source, options.period ?? "");
    if (typeof found === "string") {
      console.error(`casemix generate: ${found}`);
      return 1;
    }
    register = found;
    console.error(`hospitals drawn from register ${found.id} in force in the database (${found.hospitals.length} hospitals)`);
  }
  const progress = quiet ? null : createProgress({ total: options.claims, label: "generate", unit: "claims" });
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const result = await generateBatch(options, { onProgress: (n) => progress?.update(n), ...(register ? { register } : {}) });
  progress?.finish();
  if (!result.ok) {
    console.error(`casemix generate: ${result.error.message} [${result.error.code}]${result.error.code === "E_OPTIONS" ? `\n${USAGE}` : ""}`);
    return 2;
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const { totals, files } = result.manifest;
  const rows = totals.rows;
  console.error(
    `${rows.toLocaleString("en-US")} claims in ${files.length} file(s) in ${seconds.toFixed(2)} s: ${Math.round(rows / seconds).toLocaleString("en-US")} claims/s ` +
      `(${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU, ${Math.round(rows / ((cpu.user + cpu.system) / 1e6)).toLocaleString("en-US")} claims per CPU second), ` +
      `peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`,
  );
  // Validate refuses dates after the day it runs (E_DATE_FUTURE, day taken from the event time).
  const today = new Date().toISOString().slice(0, 10);
  if (result.manifest.validateOnOrAfter > today) {
    console.error(`note: discharges run to ${result.manifest.validateOnOrAfter}; validate rejects future dates (E_DATE_FUTURE) until then, so send this batch with event times on or after that day`);
  }
  console.log(JSON.stringify({ manifest: result.manifestPath, states: totals.states }));
  return 0;
}

/** Printed by `casemix generate --help` (main.ts), which never runs the command. */
export const usage = USAGE;
