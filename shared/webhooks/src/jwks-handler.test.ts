import { describe, expect, it } from "vitest";
import { createJwksHandler } from "./jwks-handler.ts";
import { createMemoryKeyring } from "./keyring.ts";
import { generateEd25519Secret } from "./keys.ts";

describe("createJwksHandler", () => {
  it("serves the active Ed25519 keys as a JWK set", async () => {
    const handler = createJwksHandler(createMemoryKeyring([{ id: "ed1", secret: generateEd25519Secret().secret, status: "active" }]));
    const res = await handler(new Request("https://notify.test/.well-known/webhooks/jwks.json"));
    expect(res.headers.get("content-type")).toBe("application/jwk-set+json");
    expect((await res.json()).keys.map((k: { kid: string; crv: string }) => [k.kid, k.crv])).toEqual([["ed1", "Ed25519"]]);
  });

  it("refuses other methods", async () => {
    const res = await createJwksHandler(createMemoryKeyring())(new Request("https://notify.test/jwks", { method: "POST" }));
    expect(res.status).toBe(405);
  });
});
