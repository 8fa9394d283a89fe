import { AuthError } from "./auth-error.ts";

/**
 * The `jwks_uri` of an issuer's OIDC discovery document (`<issuer>/.well-known/openid-configuration`).
 * The document must name the same issuer (OpenID Connect Discovery 1.0, section 4.3): a document
 * served for another issuer would point at keys that are not this issuer's.
 */
export async function discoverJwksUrl(issuer: string, fetchImpl: typeof fetch = fetch): Promise<URL> {
  const url = `${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
  let doc: { issuer?: unknown; jwks_uri?: unknown };
  try {
    const res = await fetchImpl(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(5000) });
    if (res.status !== 200) throw new AuthError("E_OIDC_DISCOVERY", `${url} answered ${res.status}`);
    doc = (await res.json()) as typeof doc;
  } catch (error) {
    if (error instanceof AuthError) throw error;
    throw new AuthError("E_OIDC_DISCOVERY", `${url}: ${(error as Error).message}`);
  }
  if (doc.issuer !== issuer) throw new AuthError("E_OIDC_DISCOVERY", `${url} is for issuer ${String(doc.issuer)}, not ${issuer}`);
  if (typeof doc.jwks_uri !== "string" || !URL.canParse(doc.jwks_uri)) throw new AuthError("E_OIDC_DISCOVERY", `${url} names no valid jwks_uri`);
  return new URL(doc.jwks_uri);
}
