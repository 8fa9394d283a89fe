import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { extname } from "node:path";
import { z } from "zod";
import { parseEnv } from "@casemix/runtime";
import { followBatch, type FollowedStatus } from "../follow-batch.ts";
import { checkClaimFile } from "../file-kind.ts";

export const summary = "submit a claim file (CSV, NDJSON or JSON) to intake over REST, streamed; --wait follows the batch";

export const usage = "usage: casemix submit <file> [--url URL] [--token JWT] [--hospital CODE] [--wait] [--result out.csv]   (CASEMIX_URL, CASEMIX_TOKEN)";

const SubmitEnvSchema = z.object({
  CASEMIX_URL: z.string().url().default("http://127.0.0.1:8080"),
  CASEMIX_TOKEN: z.string().min(1, "set CASEMIX_TOKEN to a bearer token (or pass --token)").optional(),
});

const types: Record<string, string> = { ".csv": "text/csv", ".ndjson": "application/x-ndjson", ".jsonl": "application/x-ndjson", ".json": "application/json" };

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

/**
 * `casemix submit <file> [--url URL] [--token JWT] [--hospital CODE] [--wait] [--result out.csv]`:
 * uploads the file to intake's `POST /v1/batches` without reading it into memory, prints the
 * accepted batch, and with --wait follows it until it is completed, with a progress bar on stderr (a
 * plain line every 10 s when stderr is not a terminal), then prints its status; --result then saves
 * the result file.
 */
export async function run(args: string[], source: Record<string, string | undefined> = process.env): Promise<number> {
  const env = parseEnv(SubmitEnvSchema, source);
  const file = args.find((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--"));
  const url = (option(args, "url") ?? env.CASEMIX_URL).replace(/\/$/, "");
  const token = option(args, "token") ?? env.CASEMIX_TOKEN;
  if (!file || !token) {
    console.error(usage);
    return 2;
  }
  let kind;
  try {
    kind = await checkClaimFile(file);
  } catch (e) {
    console.error(`casemix submit: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  if (!kind.ok) {
    console.error(`casemix submit: ${kind.message}. Nothing was uploaded.`);
    return 1;
  }
  const type = types[extname(file).toLowerCase()] ?? "text/csv";
  const query = new URLSearchParams({ fileName: file.replace(/^.*[\\/]/, ""), ...(option(args, "hospital") ? { hospital: option(args, "hospital")! } : {}) });
  const headers = { authorization: `Bearer ${token}` };
  const res = await fetch(`${url}/v1/batches?${query}`, {
    method: "POST", headers: { ...headers, "content-type": type, "content-length": String((await stat(file)).size) }, body: createReadStream(file) as never, duplex: "half",
  } as RequestInit);
  const body = (await res.json()) as { batchId?: string; warning?: string };
  console.log(JSON.stringify(body, null, 2));
  if (body.warning) console.error(`casemix submit: warning: ${body.warning}`);
  if (!res.ok || !body.batchId) return 1;
  if (!args.includes("--wait")) return 0;
  const status = await followBatch({
    batchId: body.batchId,
    fetchStatus: async () => {
      const res = await fetch(`${url}/v1/batches/${body.batchId}`, { headers });
      if (!res.ok) throw new Error(`batch status answered ${res.status}: ${await res.text()}`);
      return (await res.json()) as FollowedStatus;
    },
  });
  console.log(JSON.stringify(status, null, 2));
  if (status.status !== "completed") return 1;
  const out = option(args, "result");
  if (out) {
    const { writeFile } = await import("node:fs/promises");
    await writeFile(out, Buffer.from(await (await fetch(`${url}/v1/batches/${body.batchId}/result.csv`, { headers })).arrayBuffer()));
    console.log(`result file written to ${out}`);
  }
  return 0;
}
