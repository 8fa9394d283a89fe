import { describe, expect, it } from "vitest";
import { createMemoryKeyring } from "./keyring.ts";
import { generateEd25519Secret, generateHmacSecret } from "./keys.ts";
import { signWebhook } from "./signing.ts";
import { createWebhookVerifier } from "./verify.ts";

const T = 1_764_300_000;
const now = () => T * 1000;

describe("signWebhook", () => {
  it("matches the Standard Webhooks specification's example signature", async () => {
    const keyring = createMemoryKeyring([{ id: "k", secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", status: "active" }]);
    const headers = signWebhook({ webhookId: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1614265330, body: '{"test": 2432232314}', keys: await keyring.signingKeys(["k"]) });
    expect(headers["webhook-signature"]).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  });

  it("signs with every active key of the subscription, space-separated", async () => {
    const ed = generateEd25519Secret();
    const keyring = createMemoryKeyring([
      { id: "old", secret: generateHmacSecret(), status: "active" },
      { id: "new", secret: ed.secret, status: "active" },
    ]);
    const headers = signWebhook({ webhookId: "msg_1", timestamp: T, body: "{}", keys: await keyring.signingKeys(["old", "new"]) });
    expect(headers["webhook-signature"].split(" ").map((s) => s.split(",")[0])).toEqual(["v1", "v1a"]);
  });

  it("a retired key stops signing", async () => {
    const keyring = createMemoryKeyring([
      { id: "old", secret: generateHmacSecret(), status: "active" },
      { id: "new", secret: generateHmacSecret(), status: "active" },
    ]);
    await keyring.retire("old");
    expect((await keyring.signingKeys(["old", "new"])).map((k) => k.id)).toEqual(["new"]);
  });
});

describe("createWebhookVerifier", () => {
  const secret = generateHmacSecret();
  const sign = async (body: string, timestamp = T) =>
    signWebhook({ webhookId: "msg_1", timestamp, body, keys: await createMemoryKeyring([{ id: "k", secret, status: "active" }]).signingKeys(["k"]) });

  it("accepts a body signed with a known secret", async () => {
    const verify = createWebhookVerifier({ secrets: [secret], now });
    expect(verify(await sign('{"a":1}'), '{"a":1}')).toEqual({ ok: true, value: { webhookId: "msg_1", timestamp: T } });
  });

  it("rejects a tampered body", async () => {
    const verify = createWebhookVerifier({ secrets: [secret], now });
    const result = verify(await sign('{"a":1}'), '{"a":2}');
    expect(result.ok || result.error.code).toBe("E_SIGNATURE_MISMATCH");
  });

  it("rejects a timestamp outside the tolerance window", async () => {
    const verify = createWebhookVerifier({ secrets: [secret], now, toleranceSeconds: 300 });
    const result = verify(await sign("{}", T - 301), "{}");
    expect(result.ok || result.error.code).toBe("E_SIGNATURE_TIMESTAMP_OUT_OF_TOLERANCE");
  });

  it("rejects a request without the webhook headers", () => {
    const verify = createWebhookVerifier({ secrets: [secret], now });
    const result = verify({}, "{}");
    expect(result.ok || result.error.code).toBe("E_SIGNATURE_HEADERS_MISSING");
  });

  it("accepts an Ed25519 signature checked against the sender's JWKS", async () => {
    const ed = generateEd25519Secret();
    const keyring = createMemoryKeyring([{ id: "ed", secret: ed.secret, status: "active" }]);
    const headers = signWebhook({ webhookId: "msg_2", timestamp: T, body: "{}", keys: await keyring.signingKeys(["ed"]) });
    const verify = createWebhookVerifier({ jwks: await keyring.jwks(), now });
    expect(verify(new Headers(headers), "{}").ok).toBe(true);
  });

  it("accepts an Ed25519 signature checked against a whpk_ public key", async () => {
    const ed = generateEd25519Secret();
    const keyring = createMemoryKeyring([{ id: "ed", secret: ed.secret, status: "active" }]);
    const headers = signWebhook({ webhookId: "msg_2", timestamp: T, body: "{}", keys: await keyring.signingKeys(["ed"]) });
    expect(createWebhookVerifier({ publicKeys: [ed.publicKey], now })(headers, "{}").ok).toBe(true);
    expect(createWebhookVerifier({ publicKeys: [generateEd25519Secret().publicKey], now })(headers, "{}").ok).toBe(false);
  });
});

describe("keyring.jwks", () => {
  it("serves only active Ed25519 public keys, with their key ids", async () => {
    const a = generateEd25519Secret();
    const b = generateEd25519Secret();
    const keyring = createMemoryKeyring([
      { id: "a", secret: a.secret, status: "active" },
      { id: "b", secret: b.secret, status: "pending" },
      { id: "h", secret: generateHmacSecret(), status: "active" },
    ]);
    const jwks = await keyring.jwks();
    expect(jwks.keys.map((k) => [k.kid, k.kty, k.crv, k.d])).toEqual([["a", "OKP", "Ed25519", undefined]]);
  });
});
