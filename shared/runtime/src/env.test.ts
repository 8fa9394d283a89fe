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
});
