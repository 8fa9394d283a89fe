import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";
import { createDevSignIn, DEV_USERS, type DevUser } from "./dev-sign-in.ts";

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
export async function startTestIssuer(audience = "casemix", users: readonly DevUser[] = DEV_USERS): Promise<TestIssuer> {
  const { publicKey, privateKey } = await generateKeyPair("ES256");
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: "test-1", alg: "ES256", use: "sig" };
  // Tokens of a sign-in (the web application's) last an hour; there is no refresh: sign in again.
  const signIn = createDevSignIn(users, async (user, clientId, nonce) => ({
    accessToken: await token({ sub: user.sub, roles: user.roles, hospital: user.hospital, expiresIn: "1h" }),
    idToken: await token({ sub: user.sub, aud: clientId, expiresIn: "1h", extra: { name: user.name, ...(nonce ? { nonce } : {}) } }),
    expiresIn: 3600,
  }));
  const server: Server = createServer((req, res) => {
    if (req.url === "/.well-known/openid-configuration") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({
        issuer, jwks_uri: `${issuer}/.well-known/jwks.json`, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`,
        response_types_supported: ["code"], grant_types_supported: ["authorization_code"], code_challenge_methods_supported: ["S256"],
        subject_types_supported: ["public"], id_token_signing_alg_values_supported: ["ES256"], token_endpoint_auth_methods_supported: ["none"],
      }));
      return;
    }
    if (req.url === "/.well-known/jwks.json") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ keys: [jwk] }));
      return;
    }
    signIn.handle(req, res).then(
      (handled) => void (handled || res.writeHead(404).end()),
      () => void res.writeHead(500).end(),
    );
  });
  let issuer = "";
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    audience,
    jwksUrl: `${issuer}/.well-known/jwks.json`,
    token,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  async function token({ sub = "user-1", roles = [], hospital, aud = audience, iss = issuer, expiresIn = "10m", issuedAt = 0, extra = {} }: Parameters<TestIssuer["token"]>[0]): Promise<string> {
    const jwt = new SignJWT({ ...extra, roles, ...(hospital ? { hospital } : {}) })
      .setProtectedHeader({ alg: "ES256", kid: "test-1" })
      .setSubject(sub)
      .setIssuer(iss)
      .setAudience(aud)
      .setIssuedAt(Math.floor(Date.now() / 1000) + issuedAt);
    const exp = typeof expiresIn === "number" ? Math.floor(Date.now() / 1000) + expiresIn : expiresIn;
    return jwt.setExpirationTime(exp).sign(privateKey);
  }
}
