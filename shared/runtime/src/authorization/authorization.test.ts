import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenVerifier, isAllowed, mayAttempt, POLICY, startTestIssuer, type Principal, type TestIssuer } from "@casemix/auth";
import { createTestPlatform, type TestPlatform } from "../platform.ts";
import { createFunctionApps, documentedOperations, registeredOperations, type FunctionApp, type Operation } from "./function-apps.ts";
import { documentedParameters, malformedValues, parametersOf, withParameter, type Parameter } from "./parameters.ts";
import { HOSPITAL, OTHER_HOSPITAL, probeRequests, seedStoredThings, type Probe } from "./probes.ts";

/**
 * The authorization test generated from the policy (shared/auth policy-table.ts) and from the routes
 * each function's Hono app registers: every operation, every role, with a token bound to the
 * hospital the request concerns, to another hospital, and to none, and once without a token.
 */
const TENANCIES = { own: HOSPITAL, other: OTHER_HOSPITAL, none: undefined } as const;
type Caller = { role: string; tenancy: keyof typeof TENANCIES; token: string; principal: Principal };

let issuer: TestIssuer;
let platform: TestPlatform;
let apps: FunctionApp[];
let probes: Record<string, Omit<Probe, "method">>;
const callers: Caller[] = [];

beforeAll(async () => {
  issuer = await startTestIssuer();
  platform = await createTestPlatform({ verifier: createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl }) });
  apps = await createFunctionApps(platform);
  for (const { role } of POLICY.roles) {
    for (const [tenancy, hospital] of Object.entries(TENANCIES) as [keyof typeof TENANCIES, string | undefined][]) {
      const token = await issuer.token({ sub: `${role}-${tenancy}`, roles: [role], hospital });
      callers.push({ role, tenancy, token, principal: { subject: `${role}-${tenancy}`, roles: [role], ...(hospital ? { hospital } : {}) } });
    }
  }
  // A batch of the probed hospital, submitted the ordinary way.
  const intake = apps.find((a) => a.name === "intake")!.app;
  const own = await issuer.token({ roles: ["hospital"], hospital: HOSPITAL });
  const submitted = await intake.request("/v1/claims", { method: "POST", headers: { authorization: `Bearer ${own}`, "content-type": "application/json" }, body: JSON.stringify({ hospitalCode: HOSPITAL, claimNumber: "SEED-1" }) });
  const { batchId } = (await submitted.json()) as { batchId: string };
  probes = probeRequests(await seedStoredThings(platform.db, batchId));
});

afterAll(async () => {
  for (const a of apps ?? []) await a.close();
  await platform?.db.close();
  await issuer?.close();
});

const key = (o: Operation) => `${o.method} ${o.path}`;

/** What the OpenAPI documents the apps serve list: their operations and each one's parameters. */
async function documents(): Promise<{ operations: Set<string>; parameters: Map<string, Parameter[]> }> {
  const operations = new Set<string>();
  const parameters = new Map<string, Parameter[]>();
  for (const { app } of apps) {
    for (const op of registeredOperations(app)) {
      if (op.method !== "GET" || !op.path.endsWith("openapi.json")) continue;
      const doc = (await (await app.request(op.path)).json()) as Parameters<typeof documentedOperations>[0];
      for (const d of documentedOperations(doc)) operations.add(key(d));
      for (const [k, v] of documentedParameters(doc as Parameters<typeof documentedParameters>[0])) parameters.set(k, v);
    }
  }
  return { operations, parameters };
}

function probeOf(op: Operation, action: string): Probe | undefined {
  const given = probes[action];
  if (given) return { method: op.method, ...given };
  return op.path.includes(":") ? undefined : { method: op.method, path: op.path };
}

/** What the policy says this caller must get: allowed, 403, or 404 where another hospital's stored thing is hidden. */
function expectation(action: string, probe: Probe, caller: Caller): "allow" | 403 | 404 {
  if (isAllowed(POLICY, caller.principal, action, probe.hospital)) return "allow";
  return probe.resource && mayAttempt(POLICY, caller.principal, action) ? 404 : 403;
}

const send = (app: FunctionApp["app"], probe: Probe, token?: string) =>
  app.request(probe.path, {
    method: probe.method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(probe.contentType ? { "content-type": probe.contentType } : {}) },
    ...(probe.body === undefined ? {} : { body: probe.body }),
  });

describe("the authorization policy against the routes the functions register", () => {
  it("every registered operation is in the policy, and every documented one too", async () => {
    const docs = (await documents()).operations;
    const problems: string[] = [];
    for (const { name, app } of apps) {
      for (const op of registeredOperations(app)) {
        const inPolicy = POLICY.actionOfRoute(op.method, op.path) !== undefined;
        if (!inPolicy && !docs.has(key(op))) problems.push(`${name}: ${key(op)} is in neither the policy nor an OpenAPI document`);
        else if (!inPolicy) problems.push(`${name}: ${key(op)} is documented but not in the policy (everyone is refused)`);
      }
    }
    for (const d of docs) if (!POLICY.actionOfRoute(d.slice(0, d.indexOf(" ")), d.slice(d.indexOf(" ") + 1))) problems.push(`${d} is documented but not in the policy`);
    expect(problems).toEqual([]);
  });

  it("every operation the policy names is registered by a function", () => {
    const registered = new Set(apps.flatMap(({ app }) => registeredOperations(app).map(key)));
    const absent = POLICY.actions.filter((a) => a.route && !registered.has(`${a.route.method} ${a.route.path}`)).map((a) => a.action);
    expect(absent).toEqual([]);
  });

  it("every (operation, role, tenancy) gets what the policy says, and no token gets 401", async () => {
    const wrong: string[] = [];
    let cases = 0;
    const operations = apps.flatMap(({ name, app }) => registeredOperations(app).map((op) => ({ name, app, op })));
    for (const { name, app, op } of operations) {
      const action = POLICY.actionOfRoute(op.method, op.path);
      const probe = action && probeOf(op, action.action);
      if (!action || !probe) {
        wrong.push(`${name}: ${key(op)} has no ${action ? "probe (authorization/probes.ts)" : "policy action"}`);
        continue;
      }
      // Refusals first, so the stored things they must not reach still exist (an allowed DELETE removes one).
      const planned = callers.map((caller) => ({ caller, want: action.public ? ("allow" as const) : expectation(action.action, probe, caller) }));
      planned.sort((a, b) => Number(a.want === "allow") - Number(b.want === "allow"));
      for (const { caller, want } of planned) {
        const status = (await send(app, probe, caller.token)).status;
        cases++;
        const ok = want === "allow" ? status !== 401 && status !== 403 && status < 500 : status === want;
        if (!ok) wrong.push(`${name}: ${key(op)} as ${caller.role} (${caller.tenancy} hospital): ${status}, want ${want}`);
      }
      const anonymous = (await send(app, probe)).status;
      cases++;
      const anonymousOk = action.public ? anonymous !== 401 && anonymous !== 403 && anonymous < 500 : anonymous === 401;
      if (!anonymousOk) wrong.push(`${name}: ${key(op)} without a token: ${anonymous}, want ${action.public ? "an answer" : 401}`);
    }
    console.log(`authorization: ${cases} (operation, role, tenancy) cases over ${operations.length} operations of ${apps.length} functions, ${POLICY.roles.length} roles x 3 tenancies + no token`);
    expect(wrong).toEqual([]);
  });

  it("a malformed path or query parameter answers 400 on every operation, never 5xx", async () => {
    const { parameters } = await documents();
    const wrong: string[] = [];
    let cases = 0;
    for (const { name, app } of apps) {
      for (const op of registeredOperations(app)) {
        const action = POLICY.actionOfRoute(op.method, op.path);
        const probe = action && !action.public ? probeOf(op, action.action) : undefined;
        if (!action || !probe) continue;
        const caller = callers.find((c) => isAllowed(POLICY, c.principal, action.action, probe.hospital));
        if (!caller) {
          wrong.push(`${name}: ${key(op)}: no role may call it`);
          continue;
        }
        for (const param of parametersOf(op, parameters)) {
          for (const value of malformedValues(param)) {
            const status = (await send(app, { ...probe, path: withParameter(op, probe.path, param, value) }, caller.token)).status;
            cases++;
            if (param.constrained ? status !== 400 : status >= 500) wrong.push(`${name}: ${key(op)} with ${param.in} ${param.name}=${value}: ${status}, want ${param.constrained ? 400 : "below 500"}`);
          }
        }
      }
    }
    console.log(`malformed parameters: ${cases} cases`);
    expect(wrong).toEqual([]);
  });
});
