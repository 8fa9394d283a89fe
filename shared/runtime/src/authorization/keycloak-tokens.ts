import { createHash, randomBytes } from "node:crypto";

/**
 * Tokens from the Keycloak realm of scripts/keycloak/casemix-realm.json, the ways its clients get
 * them: the password grant of the development-only client (test users), client credentials (service
 * accounts), and the browser client's authorization code + PKCE flow driven as a browser would.
 */
export const USER_PASSWORD = "casemix-dev";

export type KeycloakRealm = { issuer: string; tokenEndpoint: string; authorizationEndpoint: string };

export async function discoverRealm(baseUrl: string, realm = "casemix"): Promise<KeycloakRealm> {
  const res = await fetch(`${baseUrl.replace(/\/$/, "")}/realms/${realm}/.well-known/openid-configuration`);
  if (res.status !== 200) throw new Error(`Keycloak's discovery document answered ${res.status}`);
  const doc = (await res.json()) as { issuer: string; token_endpoint: string; authorization_endpoint: string };
  return { issuer: doc.issuer, tokenEndpoint: doc.token_endpoint, authorizationEndpoint: doc.authorization_endpoint };
}

async function tokenRequest(realm: KeycloakRealm, form: Record<string, string>): Promise<string> {
  const res = await fetch(realm.tokenEndpoint, { method: "POST", body: new URLSearchParams(form) });
  const body = (await res.json()) as { access_token?: string; error?: string; error_description?: string };
  if (res.status !== 200 || !body.access_token) throw new Error(`token endpoint: ${res.status} ${body.error ?? ""} ${body.error_description ?? ""}`.trim());
  return body.access_token;
}

export const passwordToken = (realm: KeycloakRealm, username: string) =>
  tokenRequest(realm, { grant_type: "password", client_id: "casemix-dev-password", username, password: USER_PASSWORD, scope: "openid" });

export const clientCredentialsToken = (realm: KeycloakRealm, clientId: string, secret: string) =>
  tokenRequest(realm, { grant_type: "client_credentials", client_id: clientId, client_secret: secret });

const base64url = (bytes: Buffer) => bytes.toString("base64url");

/** A cookie jar of one login: Keycloak ties the login form to its AUTH_SESSION_ID and KC_RESTART cookies. */
class Cookies {
  private readonly jar = new Map<string, string>();
  take(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair.indexOf("=");
      this.jar.set(pair.slice(0, at).trim(), pair.slice(at + 1));
    }
  }
  header = () => [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
}

const decodeHtml = (s: string) => s.replace(/&amp;/g, "&").replace(/&#x3d;/gi, "=").replace(/&#61;/g, "=").replace(/&quot;/g, '"');

/**
 * The authorization code flow with PKCE (S256) of the public browser client: opens the authorization
 * endpoint, posts the login form, reads the code from the redirect to `redirectUri`, and exchanges it
 * with the verifier. `verifierOverride` sends another verifier at the exchange (to see it refused).
 */
/**
 * Signs in at Keycloak's login page as a browser does, from an authorization URL a client made (the web
 * application's sign-in redirect), and returns where Keycloak sends the browser back: the client's
 * callback with the code.
 */
export async function keycloakLoginRedirect(authorizationUrl: string, username: string): Promise<string> {
  const cookies = new Cookies();
  const page = await fetch(authorizationUrl, { redirect: "manual" });
  cookies.take(page);
  const html = await page.text();
  const action = /<form[^>]*id="kc-form-login"[^>]*action="([^"]+)"/.exec(html) ?? /action="([^"]*login-actions\/authenticate[^"]*)"/.exec(html);
  if (page.status !== 200 || !action) throw new Error(`the authorization endpoint answered ${page.status} without a login form`);
  const login = await fetch(decodeHtml(action[1]), {
    method: "POST",
    redirect: "manual",
    headers: { cookie: cookies.header(), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ username, password: USER_PASSWORD, credentialId: "" }),
  });
  const location = login.headers.get("location");
  if (login.status !== 302 || !location) throw new Error(`the login answered ${login.status}, not a redirect to the client`);
  return location;
}

export async function pkceLogin(
  realm: KeycloakRealm,
  username: string,
  { redirectUri = "http://127.0.0.1:5173/callback", verifierOverride }: { redirectUri?: string; verifierOverride?: string } = {},
): Promise<string> {
  const verifier = base64url(randomBytes(32));
  const challenge = base64url(createHash("sha256").update(verifier).digest());
  const state = base64url(randomBytes(16));
  const authorize = new URL(realm.authorizationEndpoint);
  for (const [k, v] of Object.entries({ client_id: "casemix-web", response_type: "code", scope: "openid", redirect_uri: redirectUri, state, code_challenge: challenge, code_challenge_method: "S256" })) {
    authorize.searchParams.set(k, v);
  }
  const location = await keycloakLoginRedirect(authorize.toString(), username);
  if (!location.startsWith(redirectUri)) throw new Error(`the login redirected to ${location}, not to the client`);
  const back = new URL(location);
  if (back.searchParams.get("state") !== state) throw new Error("the redirect carries another state");
  const code = back.searchParams.get("code");
  if (!code) throw new Error(`the redirect carries no code (${back.searchParams.get("error") ?? "no error"})`);
  return tokenRequest(realm, { grant_type: "authorization_code", client_id: "casemix-web", code, redirect_uri: redirectUri, code_verifier: verifierOverride ?? verifier });
}
