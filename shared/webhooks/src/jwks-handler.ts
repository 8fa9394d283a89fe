import type { Keyring } from "./keyring.ts";

/**
 * A fetch-style handler serving the keyring's Ed25519 public keys as a JWKS document, for receivers
 * that verify `v1a` signatures. Mount it on any framework that speaks Request/Response, e.g. Hono:
 * `app.get("/.well-known/webhooks/jwks.json", (c) => handler(c.req.raw))`.
 *
 * Cached for 5 minutes: short enough that a newly added key is fetched well before it is the only
 * one signing (rotation adds a key next to the old one first), long enough to spare the function.
 */
export function createJwksHandler(keyring: Keyring, options: { maxAgeSeconds?: number } = {}): (req: Request) => Promise<Response> {
  const maxAge = options.maxAgeSeconds ?? 300;
  return async (req) => {
    if (req.method !== "GET" && req.method !== "HEAD") return new Response(null, { status: 405, headers: { allow: "GET, HEAD" } });
    const body = JSON.stringify(await keyring.jwks());
    return new Response(req.method === "HEAD" ? null : body, {
      status: 200,
      headers: { "content-type": "application/jwk-set+json", "cache-control": `public, max-age=${maxAge}` },
    });
  };
}
