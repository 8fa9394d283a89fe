import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";

export type TestIssuer = {
  issuer: string;
  jwksUrl: string;
  audience: string;
  /** Signs a token; `expiresIn` like "5m", or a negative number of seconds for an expired one. */
  token(claims: { sub?: string; roles?: string[]; hospital?: string; aud?: string; iss?: string; expiresIn?: string | number }): Promise<string>;
  close(): Promise<void>;
};

/**
 * An OIDC issuer on loopback for tests: serves its JWKS over HTTP and signs tokens with its own key.
 */
export async function startTestIssuer(audience = "casemix"): Promise<TestIssuer> {
  const { publicKey, privateKey } = await generateKeyPair("ES256");
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: "test-1", alg: "ES256", use: "sig" };
  const server: Server = createServer((req, res) => {
    if (req.url === "/.well-known/jwks.json") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ keys: [jwk] }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  return {
    issuer,
    audience,
    jwksUrl: `${issuer}/.well-known/jwks.json`,
    token: async ({ sub = "user-1", roles = [], hospital, aud = audience, iss = issuer, expiresIn = "10m" }) => {
      const jwt = new SignJWT({ roles, ...(hospital ? { hospital } : {}) })
        .setProtectedHeader({ alg: "ES256", kid: "test-1" })
        .setSubject(sub)
        .setIssuer(iss)
        .setAudience(aud)
        .setIssuedAt();
      const exp = typeof expiresIn === "number" ? Math.floor(Date.now() / 1000) + expiresIn : expiresIn;
      return jwt.setExpirationTime(exp).sign(privateKey);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
