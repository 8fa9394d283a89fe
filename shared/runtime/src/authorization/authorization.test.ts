import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenVerifier, isAllowed, POLICY, startTestIssuer, type TestIssuer } from "@casemix/auth";
import { documentedOperations, registeredOperations } from "./function-apps.ts";
import { checkEveryOperation, hostEveryFunction, operationKey as key, probeOf, send, TENANCIES, type Caller, type Mesh, type Tenancy } from "./harness.ts";
import { documentedParameters, malformedValues, parametersOf, withParameter, type Parameter } from "./parameters.ts";
import { HOSPITAL } from "./probes.ts";

/**
 * The authorization test generated from the policy (shared/auth policy-table.ts) and from the routes
 * each function's Hono app registers: every operation, every role, with a token bound to the
 * hospital the request concerns, to another hospital, and to none, and once without a token. The
 * same run with Keycloak's tokens is keycloak.int.test.ts.
 */
let issuer: TestIssuer;
let mesh: Mesh;
let apps: Mesh["apps"];
const callers: Caller[] = [];

beforeAll(async () => {
  issuer = await startTestIssuer();
  const verifier = createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl });
  mesh = await hostEveryFunction(verifier, await issuer.token({ roles: ["hospital"], hospital: HOSPITAL }), issuer.issuer);
  apps = mesh.apps;
  for (const { role } of POLICY.roles) {
    for (const [tenancy, hospital] of Object.entries(TENANCIES) as [Tenancy, string | undefined][]) {
      const token = await issuer.token({ sub: `${role}-${tenancy}`, roles: [role], hospital });
      callers.push({ role, tenancy, token, principal: { subject: `${role}-${tenancy}`, roles: [role], ...(hospital ? { hospital } : {}) } });
    }
  }
});

afterAll(async () => {
  await mesh?.close();
  await issuer?.close();
});

/** What the OpenAPI documents the apps serve list: their operations and each one's parameters. */
async function documents(): Promise<{ operations: Set<string>; parameters: Map<string, Parameter[]> }> {
  const operations = new Set<string>();
  const parameters = new Map<string, Parameter[]>();
  for (const { app } of apps) {
    for (const op of registeredOperations(app)) {
      if (op.method !== "GET" || !op.path.startsWith("/v1/openapi/")) continue;
      const doc = (await (await app.request(op.path)).json()) as Parameters<typeof documentedOperations>[0];
      for (const d of documentedOperations(doc)) operations.add(key(d));
      for (const [k, v] of documentedParameters(doc as Parameters<typeof documentedParameters>[0])) parameters.set(k, v);
    }
  }
  return { operations, parameters };
}

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
    const { wrong, cases, operations } = await checkEveryOperation(mesh, callers);
    console.log(`authorization: ${cases} (operation, role, tenancy) cases over ${operations} operations of ${apps.length} functions, ${POLICY.roles.length} roles x 3 tenancies + no token`);
    expect(wrong).toEqual([]);
  });

  it("a malformed path or query parameter answers 400 on every operation, never 5xx", async () => {
    const { parameters } = await documents();
    const wrong: string[] = [];
    let cases = 0;
    for (const { name, app } of apps) {
      for (const op of registeredOperations(app)) {
        const action = POLICY.actionOfRoute(op.method, op.path);
        const probe = action && !action.public ? probeOf(mesh, op, action.action) : undefined;
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
