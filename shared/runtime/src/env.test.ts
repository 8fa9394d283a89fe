import { describe, expect, it } from "vitest";
import { z } from "zod";
import { BaseEnvSchema, parseEnv } from "./env.ts";

describe("parseEnv", () => {
  it("an empty environment selects the embedded defaults", () => {
    const env = parseEnv(BaseEnvSchema, {});
    expect(env.PORT).toBe(8080);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.STORAGE_DIR).toBe(".data/objects");
    expect(env.S3_BUCKET).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
  });

  it("a bad variable fails with a message naming it", () => {
    expect(() => parseEnv(BaseEnvSchema, { PORT: "eighty" })).toThrowError(/PORT/);
  });

  it("a function extends the base schema with its own variables", () => {
    const schema = BaseEnvSchema.extend({ PSEUDONYM_KEY: z.string().min(16) });
    expect(() => parseEnv(schema, {})).toThrowError(/PSEUDONYM_KEY/);
  });

  it("OIDC claim paths and clock skew default to the development issuer's and take Keycloak's", () => {
    const dev = parseEnv(BaseEnvSchema, {});
    expect([dev.OIDC_ROLES_CLAIM, dev.OIDC_HOSPITAL_CLAIM, dev.OIDC_CLOCK_SKEW_SECONDS]).toEqual(["roles", "hospital", 30]);
    const kc = parseEnv(BaseEnvSchema, { OIDC_ROLES_CLAIM: "realm_access.roles", OIDC_HOSPITAL_CLAIM: "hospital", OIDC_CLOCK_SKEW_SECONDS: "10" });
    expect([kc.OIDC_ROLES_CLAIM, kc.OIDC_HOSPITAL_CLAIM, kc.OIDC_CLOCK_SKEW_SECONDS]).toEqual(["realm_access.roles", "hospital", 10]);
  });

  it("a claim path with an empty segment or a skew beyond 300 s is refused, naming the variable", () => {
    expect(() => parseEnv(BaseEnvSchema, { OIDC_ROLES_CLAIM: "realm_access..roles" })).toThrowError(/OIDC_ROLES_CLAIM/);
    expect(() => parseEnv(BaseEnvSchema, { OIDC_CLOCK_SKEW_SECONDS: "3600" })).toThrowError(/OIDC_CLOCK_SKEW_SECONDS/);
  });
});
