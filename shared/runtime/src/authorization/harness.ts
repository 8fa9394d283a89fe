import { isAllowed, mayAttempt, POLICY, type Principal, type TokenVerifier } from "@casemix/auth";
import { createTestPlatform, type TestPlatform } from "../platform.ts";
import { createFunctionApps, registeredOperations, type FunctionApp, type Operation } from "./function-apps.ts";
import { HOSPITAL, OTHER_HOSPITAL, probeRequests, seedStoredThings, type Probe } from "./probes.ts";

/**
 * What the generated authorization tests share, whoever mints the tokens (the development issuer in
 * authorization.test.ts, Keycloak in keycloak.int.test.ts): every function hosted with one verifier,
 * stored things to reach, and the run of every operation for every caller checked against the policy.
 */
export const TENANCIES = { own: HOSPITAL, other: OTHER_HOSPITAL, none: undefined } as const;
export type Tenancy = keyof typeof TENANCIES;

/** A token and what the policy must see in it: the principal built from what the token was meant to hold. */
export type Caller = { role: string; tenancy: Tenancy | string; token: string; principal: Principal };

export type Mesh = { platform: TestPlatform; apps: FunctionApp[]; probes: Record<string, Omit<Probe, "method">>; close(): Promise<void> };

/**
 * Every function hosted on a PGlite platform with `verifier`; `seedToken` (a hospital token of {@link HOSPITAL}) submits the batch the probes reach.
 * `issuer` is the OIDC issuer the web application signs in with (its sign-in page redirects there).
 */
export async function hostEveryFunction(verifier: TokenVerifier, seedToken: string, issuer?: string): Promise<Mesh> {
  const platform = await createTestPlatform({ verifier, source: issuer ? { OIDC_ISSUER: issuer } : {} });
  const apps = await createFunctionApps(platform);
  const intake = apps.find((a) => a.name === "intake")!.app;
  const submitted = await intake.request("/v1/claims", {
    method: "POST",
    headers: { authorization: `Bearer ${seedToken}`, "content-type": "application/json" },
    body: JSON.stringify({ hospitalCode: HOSPITAL, claimNumber: "SEED-1" }),
  });
  if (!submitted.ok) throw new Error(`seeding a batch answered ${submitted.status}: ${await submitted.text()}`);
  const { batchId } = (await submitted.json()) as { batchId: string };
  const probes = probeRequests(await seedStoredThings(platform.db, batchId, platform.store));
  return {
    platform,
    apps,
    probes,
    close: async () => {
      for (const a of apps) await a.close();
      await platform.db.close();
    },
  };
}

export const operationKey = (o: Operation) => `${o.method} ${o.path}`;

export function probeOf(mesh: Mesh, op: Operation, action: string): Probe | undefined {
  const given = mesh.probes[action];
  if (given) return { method: op.method, ...given };
  return op.path.includes(":") ? undefined : { method: op.method, path: op.path };
}

/** What the policy says this caller must get: allowed, 403, or 404 where another hospital's stored thing is hidden. */
export function expectation(action: string, probe: Probe, caller: Caller): "allow" | 403 | 404 {
  if (isAllowed(POLICY, caller.principal, action, probe.hospital)) return "allow";
  return probe.resource && mayAttempt(POLICY, caller.principal, action) ? 404 : 403;
}

export const send = (app: FunctionApp["app"], probe: Probe, token?: string) =>
  app.request(probe.path, {
    method: probe.method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(probe.contentType ? { "content-type": probe.contentType } : {}) },
    ...(probe.body === undefined ? {} : { body: probe.body }),
  });

/**
 * Sends every registered operation every caller's token, and once no token: allowed must not be
 * 401/403 (nor 5xx), denied must be 403 (404 for another hospital's stored thing looked up by id),
 * no token 401. Returns what went wrong and how many cases ran.
 */
export async function checkEveryOperation(mesh: Mesh, callers: readonly Caller[]): Promise<{ wrong: string[]; cases: number; operations: number }> {
  const wrong: string[] = [];
  let cases = 0;
  const operations = mesh.apps.flatMap(({ name, app }) => registeredOperations(app).map((op) => ({ name, app, op })));
  for (const { name, app, op } of operations) {
    const action = POLICY.actionOfRoute(op.method, op.path);
    const probe = action && probeOf(mesh, op, action.action);
    if (!action || !probe) {
      wrong.push(`${name}: ${operationKey(op)} has no ${action ? "probe (authorization/probes.ts)" : "policy action"}`);
      continue;
    }
    // Refusals first, so the stored things they must not reach still exist (an allowed DELETE removes one).
    const planned = callers.map((caller) => ({ caller, want: action.public ? ("allow" as const) : expectation(action.action, probe, caller) }));
    planned.sort((a, b) => Number(a.want === "allow") - Number(b.want === "allow"));
    for (const { caller, want } of planned) {
      const status = (await send(app, probe, caller.token)).status;
      cases++;
      const ok = want === "allow" ? status !== 401 && status !== 403 && status < 500 : status === want;
      if (!ok) wrong.push(`${name}: ${operationKey(op)} as ${caller.role} (${caller.tenancy} hospital): ${status}, want ${want}`);
    }
    const anonymous = (await send(app, probe)).status;
    cases++;
    const anonymousOk = action.public ? anonymous !== 401 && anonymous !== 403 && anonymous < 500 : anonymous === 401;
    if (!anonymousOk) wrong.push(`${name}: ${operationKey(op)} without a token: ${anonymous}, want ${action.public ? "an answer" : 401}`);
  }
  return { wrong, cases, operations: operations.length };
}
