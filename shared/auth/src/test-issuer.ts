import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";

export type TestIssuer = {
  issuer: string;
  jwksUrl: string;
  audience: string;
  /** Signs a token; `expiresIn` like "5m", or a negative number of seconds for an expired one. */
  /**
   * Signs a token; `issuedAt` in seconds from now (default 0), e.g. 120 for a token from a clock
   * running ahead; `extra` claims as another issuer shapes them (Keycloak's `realm_access.roles`).
   */
  token(claims: { sub?: string; roles?: string[]; hospital?: string; aud?: string; iss?: string; expiresIn?: string | number; issuedAt?: number; extra?: Record<string, unknown> }): Promise<string>;
  close(): Promise<void>;
};

/**
 * An OIDC issuer on loopback for tests: serves its discovery document and JWKS over HTTP and signs
 * tokens with its own key.
 */
export async function startTestIssuer(audience = "casemix"): Promise<TestIssuer> {
  const { publicKey, privateKey } = await generateKeyPair("ES256");
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: "test-1", alg: "ES256", use: "sig" };
  const server: Server = createServer((req, res) => {
    if (req.url === "/.well-known/openid-configuration") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/.well-known/jwks.json` }));
      return;
    }
    if (req.url === "/.well-known/jwks.json") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ keys: [jwk] }));
      return;
    }
    res.writeHead(404).end();
  });
  let issuer = "";
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    audience,
    jwksUrl: `${issuer}/.well-known/jwks.json`,
    token: async ({ sub = "user-1", roles = [], hospital, aud = audience, iss = issuer, expiresIn = "10m", issuedAt = 0, extra = {} }) => {
      const jwt = new SignJWT({ ...extra, roles, ...(hospital ? { hospital } : {}) })
        .setProtectedHeader({ alg: "ES256", kid: "test-1" })
        .setSubject(sub)
        .setIssuer(iss)
        .setAudience(aud)
        .setIssuedAt(Math.floor(Date.now() / 1000) + issuedAt);
      const exp = typeof expiresIn === "number" ? Math.floor(Date.now() / 1000) + expiresIn : expiresIn;
      return jwt.setExpirationTime(exp).sign(privateKey);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
