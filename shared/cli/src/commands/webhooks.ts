import { createDb, migrate, type Db } from "@casemix/db";
import { BaseEnvSchema, parseEnv } from "@casemix/runtime";
import { createSqlDeadLetterStore, replayDeadLetter, type DeadLetter } from "@casemix/webhooks";
import { KEYS_USAGE, runKeys } from "./webhook-keys.ts";

export const summary = "notify's dead letters and signing keys: webhooks dlq list|replay, webhooks keys list|add|activate|retire|revoke";

const USAGE = `usage: casemix webhooks dlq list [--status dead|replayed] [--json]
       casemix webhooks dlq replay <webhookId>... | --all

Reads notify's database (DATABASE_URL, or the PGlite folder PGLITE_DATA_DIR, default .data/pglite).
A replay puts the delivery back in notify's queue with the same webhook id and body and a fresh
retry budget; the running notify function sends it (this command needs no webhook credentials).

${KEYS_USAGE}`;

/** `casemix webhooks dlq`: operators list webhooks that gave up and replay them once the cause is fixed. */
export async function run(args: string[], source: Record<string, string | undefined> = process.env): Promise<number> {
  const [group, verb, ...rest] = args;
  if (group === "keys") {
    if (verb === undefined || verb === "--help") {
      console.log(KEYS_USAGE);
      return verb === undefined ? 2 : 0;
    }
    const env = parseEnv(BaseEnvSchema, { PGLITE_DATA_DIR: ".data/pglite", ...source });
    const db = await createDb(env);
    try {
      await migrate(db);
      return await runKeys(db, [verb, ...rest], source);
    } finally {
      await db.close();
    }
  }
  if (group !== "dlq" || (verb !== "list" && verb !== "replay")) {
    console.error(USAGE);
    return 2;
  }
  const status = option(rest, "--status");
  if (status !== undefined && status !== "dead" && status !== "replayed") {
    console.error("casemix webhooks dlq list: --status must be dead or replayed");
    return 2;
  }
  const env = parseEnv(BaseEnvSchema, { PGLITE_DATA_DIR: ".data/pglite", ...source });
  const db = await createDb(env);
  try {
    await migrate(db);
    if (verb === "list") return await list(db, status, rest.includes("--json"));
    return await replay(db, rest);
  } finally {
    await db.close();
  }
}

async function list(db: Db, status: DeadLetter["status"] | undefined, json: boolean): Promise<number> {
  const letters = await createSqlDeadLetterStore(db).list({ role: "operator" }, status ? { status } : {});
  if (json) {
    console.log(JSON.stringify(letters, null, 2));
    return 0;
  }
  if (letters.length === 0) console.log("no webhook dead letters");
  for (const d of letters) {
    console.log(`${d.webhookId}  ${d.status}  reason=${d.reason}  attempts=${d.attempts}  last=${d.lastErrorCode ?? "-"}  hospital=${d.hospitalCode ?? "(MyGDX)"}`);
    console.log(`    subscription=${d.subscriptionId}  event=${d.eventId}  type=${d.eventType}  dead at ${d.deadAt}`);
  }
  if (letters.length > 0) console.log(`${letters.length} dead letter(s)`);
  return 0;
}

async function replay(db: Db, rest: string[]): Promise<number> {
  const ids = rest.includes("--all")
    ? (await createSqlDeadLetterStore(db).list({ role: "operator" }, { status: "dead" })).map((d) => d.webhookId)
    : rest.filter((a) => !a.startsWith("--"));
  if (ids.length === 0) {
    console.error("casemix webhooks dlq replay: name a webhook id (msg_...), or --all");
    return 2;
  }
  let failed = 0;
  for (const id of ids) {
    const result = await replayDeadLetter(db, { role: "operator" }, id);
    if (result.ok) console.log(`queued ${id} for replay`);
    else {
      failed++;
      console.error(`${id}: ${result.error.code}: ${result.error.message}`);
    }
  }
  return failed === 0 ? 0 : 1;
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Printed by `casemix webhooks --help` (main.ts), which never runs the command. */
export const usage = USAGE;
