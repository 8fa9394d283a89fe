import { developmentMasterKeys } from "@casemix/storage";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestPglite, type TestDb } from "@casemix/db";
import { OUTCOME_EVENT_TYPES } from "../event-types.ts";
import { generateEd25519Secret, generateHmacSecret } from "../keys.ts";
import type { SubscriptionInput } from "../ports.ts";
import { createSqlKeyring } from "./keyring.ts";
import { createSqlSubscriptionStore } from "./subscription-store.ts";

let db: TestDb;
beforeEach(async () => void (db = await createTestPglite()));
afterEach(() => db.close());

const hospitalSub = (code: string): SubscriptionInput => ({
  target: "hospital", hospitalCode: code, url: `https://${code.toLowerCase()}.example/hooks`, eventTypes: [OUTCOME_EVENT_TYPES.batchCompleted],
  auth: { kind: "none" }, signingKeyIds: ["k1"],
});
const mygdxSub: SubscriptionInput = {
  target: "mygdx", hospitalCode: null, url: "https://mygdx.example/hooks", eventTypes: [OUTCOME_EVENT_TYPES.batchCompleted, OUTCOME_EVENT_TYPES.periodPriced],
  auth: { kind: "oidc-mtls", credentialsId: "mygdx" }, signingKeyIds: ["k1"],
};

describe("SQL subscription store", () => {
  it("a hospital sees only its own subscriptions; another's answers as not found", async () => {
    const subs = createSqlSubscriptionStore(db);
    const h1 = await subs.create({ role: "hospital", hospitalCode: "H001" }, hospitalSub("H001"));
    await subs.create({ role: "hospital", hospitalCode: "H002" }, hospitalSub("H002"));
    await subs.create({ role: "operator" }, mygdxSub);
    expect((await subs.list({ role: "hospital", hospitalCode: "H001" })).map((s) => s.hospitalCode)).toEqual(["H001"]);
    expect((await subs.list({ role: "operator" })).length).toBe(3);
    const id = h1.ok ? h1.value.id : "";
    expect((await subs.get({ role: "hospital", hospitalCode: "H002" }, id)).ok).toBe(false);
    expect((await subs.remove({ role: "hospital", hospitalCode: "H002" }, id)).ok).toBe(false);
  });

  it("a hospital cannot subscribe to MyGDX's deliveries or another hospital's events", async () => {
    const subs = createSqlSubscriptionStore(db);
    const r1 = await subs.create({ role: "hospital", hospitalCode: "H001" }, mygdxSub);
    const r2 = await subs.create({ role: "hospital", hospitalCode: "H001" }, hospitalSub("H002"));
    expect([r1.ok || r1.error.code, r2.ok || r2.error.code]).toEqual(["E_FORBIDDEN", "E_FORBIDDEN"]);
  });

  it("an event matches MyGDX subscriptions of its type and the named hospital's, not a disabled one", async () => {
    const subs = createSqlSubscriptionStore(db);
    const h1 = await subs.create({ role: "operator" }, hospitalSub("H001"));
    await subs.create({ role: "operator" }, hospitalSub("H002"));
    const m = await subs.create({ role: "operator" }, mygdxSub);
    const match = async () => (await subs.matching(OUTCOME_EVENT_TYPES.batchCompleted, "H001")).map((s) => s.id).sort();
    expect(await match()).toEqual([h1.ok ? h1.value.id : "", m.ok ? m.value.id : ""].sort());
    await subs.disable(h1.ok ? h1.value.id : "", "410");
    expect(await match()).toEqual([m.ok ? m.value.id : ""]);
    expect((await subs.matching(OUTCOME_EVENT_TYPES.periodPriced, undefined)).map((s) => s.target)).toEqual(["mygdx"]);
  });
});

const masterKeys = developmentMasterKeys("test");

describe("SQL keyring", () => {
  it("keeps secrets out of the table and serves the Ed25519 public keys as a JWKS", async () => {
    const keyring = createSqlKeyring(db, { masterKeys });
    const hmac = generateHmacSecret();
    const ed = generateEd25519Secret();
    await keyring.add({ id: "k_hmac", secret: hmac, status: "active" });
    await keyring.add({ id: "k_ed", secret: ed.secret, status: "active" });
    const { rows } = await db.query("SELECT * FROM webhook_signing_keys");
    expect(JSON.stringify(rows)).not.toContain(hmac.slice(6));
    expect(JSON.stringify(rows)).not.toContain(ed.secret.slice(5));
    expect((await keyring.jwks()).keys.map((k) => [k.kid, k.crv])).toEqual([["k_ed", "Ed25519"]]);
  });

  it("a retired key stops signing and leaves the JWKS, also for another replica's keyring", async () => {
    const a = createSqlKeyring(db, { masterKeys, statusTtlMs: 0 });
    const b = createSqlKeyring(db, { masterKeys, statusTtlMs: 0 });
    const ed = generateEd25519Secret();
    await a.add({ id: "k_ed", secret: ed.secret, status: "active" });
    expect((await b.signingKeys(["k_ed"])).map((k) => k.id)).toEqual(["k_ed"]);
    await a.retire("k_ed");
    expect(await b.signingKeys(["k_ed"])).toEqual([]);
    expect((await b.jwks()).keys).toEqual([]);
    expect(await b.list()).toMatchObject([{ id: "k_ed", kind: "ed25519", status: "retired" }]);
  });
});
