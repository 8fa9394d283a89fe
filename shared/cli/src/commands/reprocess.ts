import { parseArgs } from "node:util";

export const summary = "reprocess a batch from its raw file as a new batch: reprocess <batchId> --url <intake> --token <jwt>";

const USAGE = `usage: casemix reprocess <batchId> --url <intake base URL> --token <bearer token>

Asks intake to read the batch's file exactly as it was received (raw/) and submit it again as a new
batch that names the old one. Claims already at their end state come back as duplicates; claims
rejected for a reason since fixed go through. Prints the new batch's id and status URL.`;

/** `casemix reprocess`: an operator's way to run a batch's file again after a fix. */
export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { url: { type: "string" }, token: { type: "string" }, help: { type: "boolean", short: "h" } } });
  } catch (error) {
    console.error(`casemix reprocess: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const [batchId] = parsed.positionals;
  const { url, token, help } = parsed.values;
  if (help) {
    console.log(USAGE);
    return 0;
  }
  if (!batchId || !url || !token) {
    console.error(USAGE);
    return 2;
  }
  const res = await fetch(`${url.replace(/\/$/, "")}/v1/batches/${encodeURIComponent(batchId)}/reprocess`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
  });
  const body = (await res.json()) as { batchId?: string; statusUrl?: string; rows?: number; error?: { code: string; message: string } };
  if (res.status !== 202) {
    console.error(`casemix reprocess: ${res.status} ${body.error?.code ?? ""} ${body.error?.message ?? JSON.stringify(body)}`);
    return 1;
  }
  console.log(`batch ${batchId} reprocessed as ${body.batchId} (${body.rows} rows); status: ${url.replace(/\/$/, "")}${body.statusUrl}`);
  return 0;
}

/** Printed by `casemix reprocess --help` (main.ts), which never runs the command. */
export const usage = USAGE;
