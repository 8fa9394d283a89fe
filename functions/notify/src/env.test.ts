import { describe, expect, it } from "vitest";
import { loadNotifyEnv } from "./env.ts";

describe("notify env", () => {
  it("parses signing keys given as id=secret pairs", () => {
    const env = loadNotifyEnv({ WEBHOOK_SIGNING_KEYS: "key_a=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw, key_b=whsk_AAAA" });
    expect(env.WEBHOOK_SIGNING_KEYS).toEqual([{ id: "key_a", secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }, { id: "key_b", secret: "whsk_AAAA" }]);
  });

  it("refuses a signing key without an id, naming the variable", () => {
    expect(() => loadNotifyEnv({ WEBHOOK_SIGNING_KEYS: "whsec_abc" })).toThrow(/WEBHOOK_SIGNING_KEYS/);
  });

  it("a MyGDX client id without its key, certificate and issuer names each missing variable", () => {
    expect(() => loadNotifyEnv({ MYGDX_CLIENT_ID: "casemix" })).toThrow(/MYGDX_PRIVATE_KEY_FILE[\s\S]*MYGDX_CLIENT_CERT_FILE[\s\S]*MYGDX_CLIENT_KEY_FILE[\s\S]*MYGDX_ISSUER/);
  });

  it("defaults to the documented retry policy", () => {
    expect(loadNotifyEnv({})).toMatchObject({ NOTIFY_EMIT_EVENTS: true, NOTIFY_MAX_ATTEMPTS: 8, NOTIFY_BASE_DELAY_MS: 1000, NOTIFY_ATTEMPT_TIMEOUT_MS: 15_000, NOTIFY_CONCURRENCY: 32 });
  });
});
