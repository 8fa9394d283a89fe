import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { parseArgs } from "node:util";

export const summary = "appeals of claim results: list | show | file | evidence | review | decide | withdraw | close (--url <appeals> --token <jwt>)";

const USAGE = `usage: casemix appeals <subcommand> ... --url <appeals base URL> --token <bearer token>

  list [--state <state>] [--hospital <code>] [--limit <n>] [--after <next>]
                                                       appeals, newest first (a hospital token: its own);
                                                       the answer's "next" given to --after reads the next page
  show <appealId>                                      one appeal with its moves and evidence
  file --claim <clm_...> --claim-version <n> --reason <A_...> --text "<why>"
                                                       a hospital files an appeal on its claim's current version
  evidence <appealId> <file>                           add an evidence file (PDF, PNG or JPEG by content; scanned)
  review <appealId>                                    a reviewer takes it under review
  decide <appealId> --decision upheld|overturned|partly [--pdx <code>] [--sdx <code,code>]
         [--procedures <code@YYYY-MM-DD,...>] [--note "<text>"]
                                                       overturned / partly need the coding the claim should carry
  withdraw <appealId> [--comment "<text>"]             the hospital withdraws it before a decision
  close <appealId>                                     close an applied appeal

Prints the API's answer as JSON. Exit codes: 0 done, 1 refused (the error code and message are
printed), 2 bad arguments.`;

const OPTIONS = {
  url: { type: "string" }, token: { type: "string" }, state: { type: "string" }, hospital: { type: "string" }, limit: { type: "string" }, after: { type: "string" },
  claim: { type: "string" }, "claim-version": { type: "string" }, reason: { type: "string" }, text: { type: "string" },
  decision: { type: "string" }, pdx: { type: "string" }, sdx: { type: "string" }, procedures: { type: "string" }, note: { type: "string" }, comment: { type: "string" },
} as const;

type Values = { [K in keyof typeof OPTIONS]?: string };
type Request = { method: string; path: string; body?: BodyInit; contentType?: string };

const list = (text?: string) => (text ? text.split(",").map((s) => s.trim()).filter(Boolean) : undefined);
const json = (value: unknown) => ({ body: JSON.stringify(value), contentType: "application/json" });

/** The decision's coding from the flags: only the parts given (the rest stays the claim's own). */
function codingOf(v: Values): Record<string, unknown> | undefined {
  const coding: Record<string, unknown> = {};
  if (v.pdx) coding.principalDiagnosis = v.pdx;
  if (v.sdx !== undefined) coding.secondaryDiagnoses = list(v.sdx) ?? [];
  if (v.procedures !== undefined) coding.procedures = (list(v.procedures) ?? []).map((p) => (p.includes("@") ? { code: p.split("@")[0], date: p.split("@")[1] } : { code: p }));
  return Object.keys(coding).length ? coding : undefined;
}

/** The request a subcommand makes, or a usage error. */
async function requestOf(sub: string, id: string | undefined, file: string | undefined, v: Values): Promise<Request | string> {
  const one = (verb: string, body: unknown = {}) => (id ? { method: "POST", path: `/v1/appeals/${id}/${verb}`, ...json(body) } : `${sub} needs an appeal id`);
  switch (sub) {
    case "list": {
      const given = { state: v.state, hospital: v.hospital, limit: v.limit, after: v.after };
      const q = new URLSearchParams(Object.entries(given).filter((e): e is [string, string] => e[1] !== undefined)).toString();
      return { method: "GET", path: `/v1/appeals${q ? `?${q}` : ""}` };
    }
    case "show":
      return id ? { method: "GET", path: `/v1/appeals/${id}` } : "show needs an appeal id";
    case "file":
      if (!v.claim || !v["claim-version"] || !v.reason || !v.text) return "file needs --claim, --claim-version, --reason and --text";
      return { method: "POST", path: "/v1/appeals", ...json({ claimId: v.claim, claimVersion: Number(v["claim-version"]), reasonCode: v.reason, reasonText: v.text }) };
    case "evidence":
      if (!id || !file) return "evidence needs an appeal id and a file";
      return { method: "POST", path: `/v1/appeals/${id}/evidence?fileName=${encodeURIComponent(basename(file))}`, body: await readFile(file), contentType: "application/octet-stream" };
    case "review":
    case "close":
      return one(sub);
    case "withdraw":
      return one(sub, v.comment ? { comment: v.comment } : {});
    case "decide":
      if (!v.decision) return "decide needs --decision upheld|overturned|partly";
      return one("decide", { decision: v.decision, ...(codingOf(v) ? { coding: codingOf(v) } : {}), ...(v.note ? { note: v.note } : {}) });
    default:
      return `unknown subcommand '${sub}'`;
  }
}

/** `casemix appeals`: the appeals API from a terminal, for hospitals and reviewers. */
export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: OPTIONS });
  } catch (error) {
    console.error(`casemix appeals: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const [sub, id, file] = parsed.positionals;
  const v = parsed.values as Values;
  if (!sub || !v.url || !v.token) {
    console.error(USAGE);
    return 2;
  }
  const request = await requestOf(sub, id, file, v);
  if (typeof request === "string") {
    console.error(`casemix appeals: ${request}\n${USAGE}`);
    return 2;
  }
  const res = await fetch(`${v.url.replace(/\/$/, "")}${request.path}`, {
    method: request.method, body: request.body,
    headers: { authorization: `Bearer ${v.token}`, ...(request.contentType ? { "content-type": request.contentType } : {}) },
  });
  const text = await res.text();
  if (res.status >= 300) {
    let error: { code?: string; message?: string } = {};
    try { error = (JSON.parse(text) as { error: typeof error }).error ?? {}; } catch { error = { message: text }; }
    console.error(`casemix appeals ${sub}: ${res.status} ${error.code ?? ""} ${error.message ?? ""}`.trim());
    return 1;
  }
  console.log(JSON.stringify(JSON.parse(text), null, 2));
  return 0;
}

/** Printed by `casemix appeals --help` (main.ts), which never runs the command. */
export const usage = USAGE;
