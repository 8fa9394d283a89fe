import { Agent } from "node:https";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestPglite, type TestDb } from "@casemix/db";
import { developmentMasterKeys, MasterKeysSchema } from "@casemix/storage";
import type { HttpRequest, HttpTransport } from "../http-transport.ts";
import type { JwksDocument } from "../keyring.ts";
import { generateEd25519Secret } from "../keys.ts";
import type { Delivery, Subscription } from "../ports.ts";
import { sendAttempt } from "../send-attempt.ts";
import { createWebhookVerifier } from "../verify.ts";
import { createSqlKeyring, importSigningKey, unusableSigningKeys } from "./keyring.ts";

const masterKeys = developmentMasterKeys("test");
const MINUTE = 60_000;
let db: TestDb;
let clock: number;
beforeEach(async () => {
  db = await createTestPglite();
  clock = Date.parse("2027-03-01T00:00:00Z");
});
afterEach(() => db.close());

const sub = (signingKeyIds: string[]): Subscription => ({
  id: "sub_1", target: "mygdx", hospitalCode: null, url: "https://mygdx.example/hooks", eventTypes: ["gov.my.casemix.period.priced.v1"],
  auth: { kind: "none" }, signingKeyIds, status: "active", disabledReason: null, createdAt: "", updatedAt: "",
} as unknown as Subscription);
const delivery = (n: number): Delivery => ({ webhookId: `msg_${n}`, subscriptionId: "sub_1", eventId: `evt_${n}`, eventType: "gov.my.casemix.period.priced.v1", hospitalCode: null, body: `{"n":${n}}` });

/** A receiver that verifies with the JWKS it fetched, refetching it only when its copy is 5 minutes old (the JWKS max-age). */
function jwksReceiver(fetchJwks: () => Promise<JwksDocument>) {
  let cached: { at: number; jwks: JwksDocument } | undefined;
  const verdicts: { n: number; ok: boolean; signatures: number }[] = [];
  const transport: HttpTransport = async (req: HttpRequest) => {
    if (!cached || clock - cached.at >= 5 * MINUTE) cached = { at: clock, jwks: await fetchJwks() };
    const headers = req.headers ?? {};
    const body = String(req.body ?? "");
    const verified = createWebhookVerifier({ jwks: cached.jwks, now: () => clock })(headers, body);
    verdicts.push({ n: JSON.parse(body).n, ok: verified.ok, signatures: (headers["webhook-signature"] ?? "").split(" ").length });
    return { ok: true, durationMs: 1, response: { status: verified.ok ? 204 : 401, headers: {}, body: "" } };
  };
  return { transport, verdicts };
}

describe("signing key lifecycle (SQL keyring)", () => {
  it("rotation: a receiver verifying with the JWKS accepts every delivery before, during and after a retirement with an overlap", async () => {
    const keyring = createSqlKeyring(db, { masterKeys, statusTtlMs: 0, now: () => clock });
    const receiver = jwksReceiver(() => keyring.jwks());
    const deps = { keyring, transport: receiver.transport, now: () => clock, timeoutMs: 1000, userAgent: "test" };
    const target = { agent: new Agent() };
    let n = 0;
    const send = async (ids: string[]) => (await sendAttempt(deps, sub(ids), target, delivery(++n))).result.kind;

    await keyring.add({ id: "key_old", secret: generateEd25519Secret().secret });
    await keyring.activate("key_old");
    expect(await send(["key_old"])).toBe("delivered"); // before
    await keyring.add({ id: "key_new", secret: generateEd25519Secret().secret });
    expect(await send(["key_old", "key_new"])).toBe("delivered"); // new key pending: not signing yet
    await keyring.activate("key_new");
    clock += MINUTE;
    expect(await send(["key_old", "key_new"])).toBe("delivered"); // both sign; the receiver's JWKS still has only the old key
    await keyring.retire("key_old", { overlapMs: 30 * MINUTE });
    for (let i = 0; i < 5; i++) {
      clock += 5 * MINUTE;
      expect(await send(["key_old", "key_new"])).toBe("delivered"); // during the overlap
    }
    clock += 5 * MINUTE + 1;
    expect((await keyring.list()).map((k) => [k.id, k.status])).toEqual([["key_old", "retired"], ["key_new", "active"]]);
    expect(await send(["key_old", "key_new"])).toBe("delivered"); // after: only the new key signs
    expect((await keyring.jwks()).keys.map((k) => k.kid)).toEqual(["key_new"]);
    expect(receiver.verdicts.every((v) => v.ok)).toBe(true);
    expect(receiver.verdicts.map((v) => v.signatures)).toEqual([1, 1, 2, 2, 2, 2, 2, 2, 1]);
  });

  it("secrets are stored sealed, never in clear; revoking erases one and stops it at once", async () => {
    const keyring = createSqlKeyring(db, { masterKeys, statusTtlMs: 0, now: () => clock });
    const ed = generateEd25519Secret();
    await keyring.add({ id: "k", secret: ed.secret, status: "active" });
    const { rows } = await db.query<{ secret_sealed: string }>("SELECT secret_sealed FROM webhook_signing_keys");
    expect(rows[0]!.secret_sealed).toMatch(/^sealed:v1:mk_dev:/);
    expect(JSON.stringify(rows)).not.toContain(ed.secret.slice(5, 30));
    await keyring.revoke("k");
    expect(await keyring.signingKeys(["k"])).toEqual([]);
    expect((await keyring.jwks()).keys).toEqual([]);
    expect((await db.query("SELECT secret_sealed FROM webhook_signing_keys")).rows).toEqual([{ secret_sealed: null }]);
    await expect(keyring.activate("k")).rejects.toMatchObject({ code: "E_KEY_STATE" });
    await expect(keyring.retire("nope")).rejects.toMatchObject({ code: "E_KEY_UNKNOWN" });
  });

  it("an active key whose secret does not open is never skipped: the delivery is not sent, and the start-up check names it", async () => {
    const keyring = createSqlKeyring(db, { masterKeys, statusTtlMs: 0, now: () => clock });
    await keyring.add({ id: "k_ed", secret: generateEd25519Secret().secret, status: "active" });
    await keyring.add({ id: "k_gone", secret: generateEd25519Secret().secret, status: "active" });
    // As a key registered before secrets were stored (the env's secret since removed) looks.
    await db.query("UPDATE webhook_signing_keys SET secret_sealed = NULL WHERE id = 'k_gone'");
    const sent: HttpRequest[] = [];
    const deps = { keyring, transport: async (r: HttpRequest) => (sent.push(r), { ok: true as const, durationMs: 1, response: { status: 204, headers: {}, body: "" } }), now: () => clock, timeoutMs: 1000, userAgent: "t" };
    const out = await sendAttempt(deps, sub(["k_ed", "k_gone"]), { agent: new Agent() }, delivery(1));
    expect(out.result).toMatchObject({ kind: "local-error", code: "E_SIGNING_KEY_UNAVAILABLE" });
    expect(sent).toEqual([]);
    expect(await unusableSigningKeys(db, masterKeys, clock)).toEqual(["k_gone"]);
    const other = MasterKeysSchema.parse(`mk_other=${Buffer.alloc(32, 7).toString("base64")}`);
    expect(await unusableSigningKeys(db, other, clock)).toEqual(["k_ed", "k_gone"]);
  });

  it("a key from the env is imported once: added active when absent, its lifecycle in the table kept on the next start", async () => {
    const keyring = createSqlKeyring(db, { masterKeys, statusTtlMs: 0, now: () => clock });
    const secret = generateEd25519Secret().secret;
    expect(await importSigningKey(db, masterKeys, keyring, { id: "k", secret })).toBe("added");
    await keyring.revoke("k");
    expect(await importSigningKey(db, masterKeys, keyring, { id: "k", secret })).toBe("kept");
    expect((await keyring.list()).map((k) => k.status)).toEqual(["revoked"]);
  });
});
