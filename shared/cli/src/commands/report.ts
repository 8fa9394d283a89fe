import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { parseEnv } from "@casemix/runtime";

export const summary = "download a period report over the API: the PDF, the figures CSV, or the claims as parquet (one hospital, or all in Hive layout)";

const USAGE = `usage: casemix report <YYYY-MM> --format pdf|csv|parquet --out <file|dir> [--hospital CODE] [--url URL] [--token JWT]   (CASEMIX_URL, CASEMIX_TOKEN)

Downloads a closed period's report from the reporting API:
  --format pdf       the period report (hospital names, MDC titles, totals; money in RM)
  --format csv       the figures CSV (money in sen, as the API)
  --format parquet   the priced claims (curated claims v2: claim_number, discharge_date, patient_pseudo;
                     payment in ringgit). With --hospital, that hospital's file to --out; without, every
                     hospital's under --out/period=<YYYY-MM>/hospital=<CODE>/claims.parquet, which DuckDB
                     reads with read_parquet('<out>/**/*.parquet', hive_partitioning = true).
A period has a report once it is closed and priced (casemix close-period <YYYY-MM>).`;

const ReportEnvSchema = z.object({
  CASEMIX_URL: z.string().url().default("http://127.0.0.1:8080"),
  CASEMIX_TOKEN: z.string().min(1).optional(),
});

type Fetched = { ok: true; bytes: Uint8Array } | { ok: false; message: string };

async function download(url: string, token: string): Promise<Fetched> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (res.ok) return { ok: true, bytes: new Uint8Array(await res.arrayBuffer()) };
  const text = await res.text();
  let message = text;
  try {
    message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text;
  } catch {
    // not JSON: the body as it is
  }
  return { ok: false, message: `${res.status} ${message}` };
}

const save = async (path: string, bytes: Uint8Array) => {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
};

/** `casemix report`: fetches a report file (or every hospital's claims parquet) and writes it. */
export async function run(args: string[], source: Record<string, string | undefined> = process.env): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args, allowPositionals: true,
      options: { format: { type: "string" }, out: { type: "string" }, hospital: { type: "string" }, url: { type: "string" }, token: { type: "string" }, help: { type: "boolean", short: "h", default: false } },
    });
  } catch (e) {
    console.error(`casemix report: ${e instanceof Error ? e.message : e}\n${USAGE}`);
    return 2;
  }
  const { values: o, positionals } = parsed;
  if (o.help) {
    console.log(USAGE);
    return 0;
  }
  const env = parseEnv(ReportEnvSchema, source);
  const period = positionals[0];
  const token = o.token ?? env.CASEMIX_TOKEN;
  if (!period || !/^\d{4}-(0[1-9]|1[0-2])$/.test(period) || !o.format || !["pdf", "csv", "parquet"].includes(o.format) || !o.out || !token) {
    console.error(`casemix report: name the period (YYYY-MM), --format pdf|csv|parquet, --out, and a token (--token or CASEMIX_TOKEN)\n${USAGE}`);
    return 2;
  }
  const base = `${(o.url ?? env.CASEMIX_URL).replace(/\/$/, "")}/v1/reports/${period}`;
  const fail = (message: string) => (console.error(`casemix report: ${message}`), 1);
  if (o.format !== "parquet" || o.hospital) {
    const url = o.format === "parquet" ? `${base}/hospitals/${encodeURIComponent(o.hospital!)}/claims.parquet` : `${base}/files/${o.format}`;
    const got = await download(url, token);
    if (!got.ok) return fail(got.message);
    await save(o.out, got.bytes);
    console.log(`${o.out}: ${got.bytes.length} bytes`);
    return 0;
  }
  const list = await download(`${base}/hospitals`, token);
  if (!list.ok) return fail(list.message);
  const codes = (JSON.parse(new TextDecoder().decode(list.bytes)) as { figures: { hospitalCode: string }[] }).figures.map((f) => f.hospitalCode);
  if (codes.length === 0) return fail(`no report for ${period}: a period has one once it is closed and priced (casemix close-period ${period})`);
  for (const code of codes) {
    const got = await download(`${base}/hospitals/${encodeURIComponent(code)}/claims.parquet`, token);
    if (!got.ok) return fail(`hospital ${code}: ${got.message}`);
    await save(join(o.out, `period=${period}`, `hospital=${code}`, "claims.parquet"), got.bytes);
  }
  console.log(`${codes.length} hospital file(s) under ${join(o.out, `period=${period}`)}`);
  return 0;
}

/** Printed by `casemix report --help` (main.ts), which never runs the command. */
export const usage = USAGE;
