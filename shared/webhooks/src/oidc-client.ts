import { randomUUID } from "node:crypto";
import type { Agent } from "node:https";
import { SignJWT, type CryptoKey, type JWK, type KeyObject } from "jose";
import { webhookError, type Result, type WebhookError } from "./errors.ts";
import { sendHttps, type HttpTransport } from "./http-transport.ts";

/** Options of {@link createOidcClient}. Give `tokenEndpoint`, or `issuer` to discover it. */
export type OidcClientOptions = {
  clientId: string;
  /** The client's private key for the RFC 7523 assertion; its public JWK is registered with the issuer. */
  privateKey: CryptoKey | KeyObject | JWK | Uint8Array;
  /** JWS algorithm of the assertion, e.g. "ES256", "RS256", "EdDSA". */
  alg: string;
  /** Key id put in the assertion header so the issuer picks the right registered key. */
  kid?: string;
  tokenEndpoint?: string;
  /** Issuer URL; the token endpoint comes from `<issuer>/.well-known/openid-configuration`. */
  issuer?: string;
  scope?: string;
  /** The HTTPS agent (with the client certificate when the issuer demands mutual TLS). */
  agent: Agent;
  transport?: HttpTransport;
  now?: () => number;
  /** Refresh this long before `expires_in` runs out, ms (clock skew, request time). */
  refreshSkewMs?: number;
  /** Lifetime of the client assertion, seconds (short: it is a bearer credential while it lives). */
  assertionLifetimeSeconds?: number;
  timeoutMs?: number;
};

/** Fetches and caches access tokens. */
export type OidcClient = {
  /** A valid access token: the cached one, or a new one (concurrent callers share one request). */
  getToken(): Promise<Result<string>>;
  /** Forgets `token` if it is the cached one (a receiver said it is expired or invalid). */
  invalidate(token: string): void;
  /** How many tokens were fetched from the issuer (for tests and metrics). */
  fetchCount(): number;
};

const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/**
 * OAuth 2.0 client credentials with `private_key_jwt` client authentication (OIDC Core 9,
 * RFC 7523): the client proves itself with a short JWT signed by its own key, so no shared client
 * secret exists to leak. iss = sub = client_id, aud = the token endpoint, a fresh jti each time.
 *
 * @example
 * const oidc = createOidcClient({ clientId: "casemix", privateKey, alg: "ES256", issuer: "https://sso.mygdx.gov.my", agent });
 * const token = await oidc.getToken();
 */
export function createOidcClient(options: OidcClientOptions): OidcClient {
  const transport = options.transport ?? sendHttps;
  const now = options.now ?? Date.now;
  const skew = options.refreshSkewMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  let endpoint = options.tokenEndpoint;
  let cached: { token: string; expiresAt: number } | undefined;
  let inflight: Promise<Result<string>> | undefined;
  let fetches = 0;

  async function discover(): Promise<Result<string>> {
    if (endpoint) return { ok: true, value: endpoint };
    if (!options.issuer) return { ok: false, error: webhookError("E_OIDC_DISCOVERY", "neither tokenEndpoint nor issuer is configured") };
    const url = options.issuer.replace(/\/+$/, "") + "/.well-known/openid-configuration";
    const res = await transport({ method: "GET", url, agent: options.agent, timeoutMs, headers: { accept: "application/json" } });
    if (!res.ok) return { ok: false, error: webhookError("E_OIDC_DISCOVERY", `${url}: ${res.error.message}`, true, res.error.code) };
    if (res.response.status !== 200) return { ok: false, error: webhookError("E_OIDC_DISCOVERY", `${url} answered ${res.response.status}`, res.response.status >= 500) };
    const doc = safeJson(res.response.body) as { token_endpoint?: unknown; token_endpoint_auth_methods_supported?: unknown } | undefined;
    if (typeof doc?.token_endpoint !== "string") return { ok: false, error: webhookError("E_OIDC_DISCOVERY", `${url} names no token_endpoint`) };
    const methods = doc.token_endpoint_auth_methods_supported;
    if (Array.isArray(methods) && !methods.includes("private_key_jwt")) {
      return { ok: false, error: webhookError("E_OIDC_DISCOVERY", "the issuer does not support private_key_jwt") };
    }
    endpoint = doc.token_endpoint;
    return { ok: true, value: endpoint };
  }

  async function fetchToken(): Promise<Result<string>> {
    const found = await discover();
    if (!found.ok) return found;
    const tokenEndpoint = found.value;
    const iat = Math.floor(now() / 1000);
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: options.alg, typ: "JWT", ...(options.kid ? { kid: options.kid } : {}) })
      .setIssuer(options.clientId)
      .setSubject(options.clientId)
      .setAudience(tokenEndpoint)
      .setJti(randomUUID())
      .setIssuedAt(iat)
      .setExpirationTime(iat + (options.assertionLifetimeSeconds ?? 60))
      .sign(options.privateKey);
    const form = new URLSearchParams({ grant_type: "client_credentials", client_id: options.clientId, client_assertion_type: ASSERTION_TYPE, client_assertion: assertion });
    if (options.scope) form.set("scope", options.scope);
    fetches++;
    const res = await transport({
      method: "POST", url: tokenEndpoint, agent: options.agent, timeoutMs, body: form.toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    });
    if (!res.ok) return { ok: false, error: webhookError("E_OIDC_TOKEN", `token endpoint: ${res.error.message}`, true, res.error.code) };
    const body = safeJson(res.response.body) as { access_token?: unknown; expires_in?: unknown; error?: unknown } | undefined;
    if (res.response.status !== 200 || typeof body?.access_token !== "string") {
      const why = typeof body?.error === "string" ? body.error : `status ${res.response.status}`;
      // invalid_client / unauthorized_client will not fix themselves; a 5xx or 429 may.
      return { ok: false, error: tokenError(`token endpoint refused: ${why}`, res.response.status >= 500 || res.response.status === 429) };
    }
    const expiresIn = typeof body.expires_in === "number" ? body.expires_in : 300;
    cached = { token: body.access_token, expiresAt: now() + expiresIn * 1000 };
    return { ok: true, value: body.access_token };
  }

  return {
    async getToken() {
      if (cached && now() < cached.expiresAt - skew) return { ok: true, value: cached.token };
      inflight ??= fetchToken().finally(() => (inflight = undefined));
      return inflight;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
    fetchCount: () => fetches,
  };
}

function tokenError(message: string, retryable: boolean): WebhookError {
  return webhookError("E_OIDC_TOKEN", message, retryable);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
