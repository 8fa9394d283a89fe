import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestPlatform, type TestPlatform } from "@casemix/runtime";
import type { TargetResolver } from "@casemix/webhooks";
import { Agent } from "node:https";
import { loadNotifyEnv } from "./env.ts";
import { createNotifyModule } from "./function.ts";
import { DEV_SIGNING_KEY_ID } from "./wiring.ts";

const targets: TargetResolver = { resolve: () => ({ ok: true, value: { agent: new Agent() } }), close() {} };
let platform: TestPlatform;
beforeEach(async () => void (platform = await createTestPlatform()));
afterEach(() => platform.db.close());

describe("notify's signing keys at start", () => {
  it("the embedded default with no keys creates an active development Ed25519 key, in the JWKS, and warns", async () => {
    const instance = await createNotifyModule({ env: loadNotifyEnv({}), targets, sweepIntervalMs: 60_000 }).create(platform);
    try {
      const jwks = (await (await instance.routes!.request("/.well-known/webhooks/jwks.json")).json()) as { keys: { kid: string }[] };
      expect(jwks.keys.map((k) => k.kid)).toEqual([DEV_SIGNING_KEY_ID]);
    } finally {
      await instance.close?.();
    }
  });

  it("an active key whose secret is missing refuses the start with E_SIGNING_KEY_UNAVAILABLE, naming the key", async () => {
    // As a key registered while secrets lived only in WEBHOOK_SIGNING_KEYS, whose secret was then removed.
    await platform.db.query("INSERT INTO webhook_signing_keys (id, kind, status) VALUES ('key_old_env', 'hmac', 'active')");
    await expect(createNotifyModule({ env: loadNotifyEnv({}), targets, sweepIntervalMs: 60_000 }).create(platform)).rejects.toMatchObject({
      code: "E_SIGNING_KEY_UNAVAILABLE", message: expect.stringContaining("key_old_env"),
    });
  });

  it("WEBHOOK_MASTER_KEYS is required with DATABASE_URL", () => {
    expect(() => loadNotifyEnv({ DATABASE_URL: "postgres://x/y" })).toThrow(/WEBHOOK_MASTER_KEYS/);
  });
});
