import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POLICY, type TokenVerifier } from "@casemix/auth";
import { BaseEnvSchema, parseEnv } from "../env.ts";
import { verifierFor } from "../platform.ts";
import { checkEveryOperation, hostEveryFunction, send, TENANCIES, type Caller, type Mesh, type Tenancy } from "./harness.ts";
import { clientCredentialsToken, discoverRealm, keycloakLoginRedirect, passwordToken, pkceLogin, type KeycloakRealm } from "./keycloak-tokens.ts";
import { HOSPITAL } from "./probes.ts";

/**
 * Issue 17 point 2's acceptance: the generated authorization run (harness.ts) with tokens from a real
 * Keycloak (scripts/services-up.sh keycloak, realm scripts/keycloak/casemix-realm.json) verified the
 * way a deployment configures it: OIDC discovery and Keycloak's claim paths, from the environment.
 */
const KEYCLOAK_URL = process.env.KEYCLOAK_URL ?? "http://127.0.0.1:8180";
/** As scripts/services-env.sh exports them: Keycloak's claim paths, which a deployment sets as OIDC_ROLES_CLAIM and OIDC_HOSPITAL_CLAIM. */
const ROLES_CLAIM = process.env.KEYCLOAK_OIDC_ROLES_CLAIM ?? "realm_access.roles";
const HOSPITAL_CLAIM = process.env.KEYCLOAK_OIDC_HOSPITAL_CLAIM ?? "hospital";

/** The realm's test users: `<role>` has no hospital, `<role>-a` HOSP-A's, `<role>-b` HOSP-B's. */
const USER_SUFFIX: Record<Tenancy, string> = { none: "", own: "-a", other: "-b" };

/** The realm's service accounts: client, secret (development only), and what the realm gives them. */
const SERVICE_ACCOUNTS = [
  { client: "casemix-automation", secret: "casemix-automation-dev-secret", role: "finance", tenancy: "none" },
  { client: "casemix-sftp-puller", secret: "casemix-sftp-puller-dev-secret", role: "ministry", tenancy: "none" },
  { client: "casemix-his-hosp-a", secret: "casemix-his-hosp-a-dev-secret", role: "hospital", tenancy: "own" },
  { client: "mygdx", secret: "mygdx-dev-secret", role: "ministry", tenancy: "none" },
] as const;

let realm: KeycloakRealm;
let verify: TokenVerifier;
let mesh: Mesh;
const callers: Caller[] = [];

const principalOf = (subject: string, role: string, tenancy: Tenancy) => ({ subject, roles: [role], ...(TENANCIES[tenancy] ? { hospital: TENANCIES[tenancy] } : {}) });

beforeAll(async () => {
  realm = await discoverRealm(KEYCLOAK_URL);
  const env = parseEnv(BaseEnvSchema, { OIDC_ISSUER: realm.issuer, OIDC_AUDIENCE: "casemix", OIDC_ROLES_CLAIM: ROLES_CLAIM, OIDC_HOSPITAL_CLAIM: HOSPITAL_CLAIM });
  verify = verifierFor(env);
  for (const { role } of POLICY.roles) {
    for (const tenancy of Object.keys(TENANCIES) as Tenancy[]) {
      const username = `${role}${USER_SUFFIX[tenancy]}`;
      callers.push({ role, tenancy, token: await passwordToken(realm, username), principal: principalOf(username, role, tenancy) });
    }
  }
  for (const s of SERVICE_ACCOUNTS) {
    callers.push({ role: `${s.role} (service account ${s.client})`, tenancy: s.tenancy, token: await clientCredentialsToken(realm, s.client, s.secret), principal: principalOf(s.client, s.role, s.tenancy) });
  }
  mesh = await hostEveryFunction(verify, await passwordToken(realm, "hospital-a"), realm.issuer);
});

afterAll(async () => {
  await mesh?.close();
});

describe("Keycloak's tokens through every route", () => {
  it("every user's and service account's token verifies, through discovery and the realm_access.roles claim path, to the role and hospital the realm gives it", async () => {
    const wrong: string[] = [];
    for (const caller of callers) {
      const got = await verify(caller.token);
      const role = caller.principal.roles[0];
      if (!got.roles.includes(role) || got.hospital !== caller.principal.hospital) wrong.push(`${caller.role} (${caller.tenancy}): ${JSON.stringify({ roles: got.roles, hospital: got.hospital })}`);
    }
    expect(wrong).toEqual([]);
    expect(callers.length).toBe(POLICY.roles.length * 3 + SERVICE_ACCOUNTS.length);
  });

  it("every (operation, role, tenancy) and service account gets what the policy says, and no token gets 401", async () => {
    const { wrong, cases, operations } = await checkEveryOperation(mesh, callers);
    console.log(`keycloak authorization: ${cases} cases over ${operations} operations, ${callers.length} Keycloak tokens (${POLICY.roles.length} roles x 3 tenancies + ${SERVICE_ACCOUNTS.length} service accounts) + no token`);
    expect(wrong).toEqual([]);
  });

  it("the browser client's authorization code + PKCE flow yields a token the APIs accept as the user's role and hospital", async () => {
    const token = await pkceLogin(realm, "hospital-coder-a");
    expect(await verify(token)).toMatchObject({ roles: expect.arrayContaining(["hospital-coder"]), hospital: HOSPITAL });
    const intake = mesh.apps.find((a) => a.name === "intake")!.app;
    const claim = { hospitalCode: HOSPITAL, claimNumber: "PKCE-1", principalDiagnosis: "I21.9" };
    const submitted = await send(intake, { method: "POST", path: "/v1/claims", body: JSON.stringify(claim), contentType: "application/json" }, token);
    expect(submitted.status).toBeLessThan(300);
    const report = mesh.apps.find((a) => a.name === "report")!.app;
    // A coder is not granted the hospital's figures: the policy, not just a valid token, decides.
    expect((await send(report, { method: "GET", path: `/v1/reports/2027-01/hospitals/${HOSPITAL}` }, token)).status).toBe(403);
  });

  it("the web application signs a person in at Keycloak (casemix-web, code + PKCE) with their realm roles", async () => {
    const web = mesh.apps.find((a) => a.name === "web")!.app;
    const start = await web.request("http://127.0.0.1:8080/app/sign-in?returnTo=/app");
    expect(start.status).toBe(303);
    const authorize = start.headers.get("location")!;
    expect(authorize.startsWith(realm.authorizationEndpoint)).toBe(true);
    const back = await keycloakLoginRedirect(authorize, "hospital-coder-a");
    expect(back.startsWith("http://127.0.0.1:8080/app/callback?")).toBe(true);
    const signInCookie = start.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const callback = await web.request(back, { headers: { cookie: signInCookie } });
    expect(callback.status).toBe(303);
    const session = callback.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.startsWith("casemix_session="))!;
    // The first page follows the person's roles, read from Keycloak's realm_access.roles: a coder's is the batches.
    const home = await web.request("http://127.0.0.1:8080/app", { headers: { cookie: session } });
    expect(home.headers.get("location")).toBe("/app/batches");
  });

  it("the code exchange refuses a verifier that does not match the challenge", async () => {
    await expect(pkceLogin(realm, "hospital-coder-a", { verifierOverride: "x".repeat(43) })).rejects.toThrow(/invalid_grant/);
  });
});
