import { createReadStream } from "node:fs";
import { basename, extname } from "node:path";
import { parseArgs } from "node:util";
import { checkClaimFile, type FileFormat } from "@casemix/claims";

export const summary = "check a claim file (CSV, NDJSON, JSON) as intake will, before sending it: validate-file <file> [--hospital <code>]";

const USAGE = `usage: casemix validate-file <file> [--hospital <code>] [--format csv|ndjson|json] [--max-errors 50]

Reads the file exactly as intake reads an upload or an SFTP file (shared/claims: the same reader and the
same checks) and prints what intake would say: a refusal of the whole file (empty, bad header, wrong
delimiter, not UTF-8, broken JSON), or each row it would reject with its codes. Nothing is sent.
The format comes from the extension (.csv, .ndjson or .jsonl, .json) unless --format names it. The
hospital is the one the file name names, as the SFTP pull reads it (<HOSPITAL CODE>_<name>.csv),
unless --hospital names it; each claim must be that hospital's.
What needs the configuration in force (code sets, the hospital register, clinical edits) is checked by
the mesh, not here. Exit 0: every row would be taken; 1: the file or some rows would be refused; 2: usage.`;

const FORMATS: Record<string, FileFormat> = { ".csv": "csv", ".ndjson": "ndjson", ".jsonl": "ndjson", ".json": "json" };

/** `casemix validate-file`: hospital IT checks a batch before it goes over REST or SFTP. */
export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { hospital: { type: "string" }, format: { type: "string" }, "max-errors": { type: "string", default: "50" } } });
  } catch (error) {
    console.error(`casemix validate-file: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const [file] = parsed.positionals;
  if (!file) {
    console.error(USAGE);
    return 2;
  }
  const format = (parsed.values.format as FileFormat | undefined) ?? FORMATS[extname(file).toLowerCase()];
  if (!format || !Object.values(FORMATS).includes(format)) {
    console.error(`casemix validate-file: cannot tell the format of ${basename(file)}: name it with --format csv|ndjson|json`);
    return 2;
  }
  const hospital = parsed.values.hospital ?? /^([A-Z0-9][A-Z0-9-]{1,31})_/.exec(basename(file))?.[1];
  if (!hospital) {
    console.error(`casemix validate-file: name the hospital with --hospital <code> (or name the file <HOSPITAL CODE>_<name>${extname(file)}, as the SFTP pull expects)`);
    return 2;
  }
  const result = await checkClaimFile({ format, stream: createReadStream(file), hospitalCode: hospital });
  if (!result.ok) {
    console.log(`${basename(file)}: refused as a whole: ${result.code} ${result.message}`);
    return 1;
  }
  const max = Number(parsed.values["max-errors"]);
  for (const row of result.rejected.slice(0, max)) {
    for (const e of row.errors) console.log(`row ${row.rowNo}: ${e.code} ${e.field}: ${e.message}`);
  }
  if (result.rejected.length > max) console.log(`... and ${result.rejected.length - max} more rejected rows`);
  console.log(`${basename(file)}: ${result.rows} claims (${format}, hospital ${hospital}): ${result.accepted} would be taken, ${result.rejected.length} rejected`);
  return result.rejected.length === 0 ? 0 : 1;
}

export const usage = USAGE;
