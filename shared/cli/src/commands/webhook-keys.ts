import type { Db } from "@casemix/db";
import { developmentMasterKeys, MasterKeysSchema } from "@casemix/storage";
import {
  createSqlKeyring, DEV_WEBHOOK_MASTER_KEY_LABEL, encodePublicKey, generateEd25519Secret, generateHmacSecret, parseSecret, WebhookConfigError,
} from "@casemix/webhooks";

export const KEYS_USAGE = `usage: casemix webhooks keys list [--json]
       casemix webhooks keys add <id> [--kind ed25519|hmac] [--secret whsec_...|whsk_...]
       casemix webhooks keys activate <id>
       casemix webhooks keys retire <id> [--overlap-seconds N]   (default 86400: signs and stays in the JWKS that long)
       casemix webhooks keys revoke <id>                         (stops at once, erases the secret)

Secrets are sealed with WEBHOOK_MASTER_KEYS (the embedded default: the development master key).
An HMAC key's secret is printed once, by add, for the receiver; an Ed25519 key's public key too.`;

/** `casemix webhooks keys ...` on notify's database: the same lifecycle as the REST API. */
export async function runKeys(db: Db, args: string[], source: Record<string, string | undefined>): Promise<number> {
  const [verb, id, ...rest] = args;
  const master = source.WEBHOOK_MASTER_KEYS ? MasterKeysSchema.safeParse(source.WEBHOOK_MASTER_KEYS) : undefined;
  if (master && !master.success) {
    console.error(`WEBHOOK_MASTER_KEYS: ${master.error.issues[0]?.message}`);
    return 2;
  }
  if (!master && source.DATABASE_URL) {
    console.error("WEBHOOK_MASTER_KEYS is required when DATABASE_URL is set");
    return 2;
  }
  const keyring = createSqlKeyring(db, { masterKeys: master?.data ?? developmentMasterKeys(DEV_WEBHOOK_MASTER_KEY_LABEL), statusTtlMs: 0 });
  if (verb === "list") {
    const keys = await keyring.list();
    if (rest.includes("--json") || id === "--json") console.log(JSON.stringify(keys, null, 2));
    else if (keys.length === 0) console.log("no webhook signing keys");
    else for (const k of keys) console.log(`${k.id}  ${k.kind}  ${k.status}${k.overlapUntil && k.status === "retiring" ? `  until ${k.overlapUntil}` : ""}`);
    return 0;
  }
  if (!id || !["add", "activate", "retire", "revoke"].includes(verb ?? "")) {
    console.error(KEYS_USAGE);
    return 2;
  }
  try {
    if (verb === "add") return await add(keyring, id, rest);
    if (verb === "retire") {
      const overlap = Number(option(rest, "--overlap-seconds") ?? 86_400);
      if (!Number.isInteger(overlap) || overlap < 0) {
        console.error("--overlap-seconds must be a whole number of seconds");
        return 2;
      }
      await keyring.retire(id, { overlapMs: overlap * 1000 });
    } else await keyring[verb as "activate" | "revoke"](id);
    const key = (await keyring.list()).find((k) => k.id === id);
    console.log(`${id}  ${key?.status}${key?.overlapUntil && key.status === "retiring" ? `  until ${key.overlapUntil}` : ""}`);
    return 0;
  } catch (error) {
    if (error instanceof WebhookConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

async function add(keyring: ReturnType<typeof createSqlKeyring>, id: string, rest: string[]): Promise<number> {
  const kind = option(rest, "--kind") ?? "ed25519";
  if (kind !== "ed25519" && kind !== "hmac") {
    console.error("--kind must be ed25519 or hmac");
    return 2;
  }
  const secret = option(rest, "--secret") ?? (kind === "hmac" ? generateHmacSecret() : generateEd25519Secret().secret);
  const parsed = parseSecret(secret);
  if (!parsed.ok) {
    console.error(`--secret: ${parsed.error.message}`);
    return 2;
  }
  await keyring.add({ id, secret, status: "pending" });
  console.log(`${id}  ${parsed.value.kind}  pending (activate it to sign)`);
  console.log(parsed.value.kind === "hmac" ? `secret (give it to the receiver; shown once): ${secret}` : `public key: ${encodePublicKey(parsed.value.publicKey)}`);
  return 0;
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}
