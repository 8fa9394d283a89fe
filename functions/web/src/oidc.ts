import * as oauth from "oauth4webapi";
import type { PendingSignIn } from "./session.ts";

export type OidcClient = {
  /** Where to send the browser to sign in, and what to keep until it comes back. */
  start(redirectUri: string, returnTo: string): Promise<{ url: string; pending: PendingSignIn }>;
  /** Exchanges the code of the callback URL for tokens, checking state, PKCE and the ID token's nonce. */
  finish(callbackUrl: URL, redirectUri: string, pending: PendingSignIn): Promise<{ accessToken: string; expiresIn: number; name?: string }>;
};

/**
 * OIDC authorization code + PKCE as a public client (oauth4webapi: no client secret to keep). The
 * issuer is found by discovery at the first sign-in, so the function starts while the issuer is down.
 * Plain http is allowed for loopback issuers only (the development issuer, Keycloak in the tests).
 */
export function createOidcClient(issuer: string, clientId: string, scope: string): OidcClient {
  const issuerUrl = new URL(issuer);
  const insecure = issuerUrl.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(issuerUrl.hostname);
  const options = insecure ? { [oauth.allowInsecureRequests]: true } : {};
  const client: oauth.Client = { client_id: clientId };
  let server: Promise<oauth.AuthorizationServer> | undefined;
  const discover = () =>
    (server ??= oauth
      .discoveryRequest(issuerUrl, { ...options, algorithm: "oidc" })
      .then((res) => oauth.processDiscoveryResponse(issuerUrl, res))
      .catch((error: unknown) => {
        server = undefined;
        throw error;
      }));
  return {
    async start(redirectUri, returnTo) {
      const as = await discover();
      if (!as.authorization_endpoint) throw new Error(`${issuer} names no authorization_endpoint`);
      const verifier = oauth.generateRandomCodeVerifier();
      const pending: PendingSignIn = { state: oauth.generateRandomState(), verifier, nonce: oauth.generateRandomNonce(), returnTo };
      const url = new URL(as.authorization_endpoint);
      url.search = new URLSearchParams({
        response_type: "code", client_id: clientId, redirect_uri: redirectUri, scope, state: pending.state, nonce: pending.nonce,
        code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: "S256",
      }).toString();
      return { url: url.href, pending };
    },
    async finish(callbackUrl, redirectUri, pending) {
      const as = await discover();
      const params = oauth.validateAuthResponse(as, client, callbackUrl, pending.state);
      const res = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, redirectUri, pending.verifier, options);
      const tokens = await oauth.processAuthorizationCodeResponse(as, client, res, { expectedNonce: pending.nonce, requireIdToken: scope.split(" ").includes("openid") });
      const claims = oauth.getValidatedIdTokenClaims(tokens);
      return { accessToken: tokens.access_token, expiresIn: tokens.expires_in ?? 300, name: typeof claims?.name === "string" ? claims.name : typeof claims?.preferred_username === "string" ? claims.preferred_username : undefined };
    },
  };
}
