import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenVerifier, startTestIssuer, type TestIssuer } from "@casemix/auth";
import { createGroupTestWorld } from "../../test-fixtures.ts";
import { createGroupApi } from "../api.ts";

let world: Awaited<ReturnType<typeof createGroupTestWorld>>;
let issuer: TestIssuer;
let app: ReturnType<typeof createGroupApi>;

beforeAll(async () => {
  world = await createGroupTestWorld();
  issuer = await startTestIssuer();
  app = createGroupApi({ config: world.config, verifier: createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl }) });
});
afterAll(async () => {
  await issuer.close();
  await world.close();
});

const body = { dischargeDate: "2027-01-15", claim: { sex: "M", ageYears: 70, los: 4, dischargeStatus: "1", principalDx: "I50.9", secondaryDx: ["I48.9", "N17.9"], procedures: [] } };
const post = async (payload: unknown, token?: string, query = "") =>
  app.request(`/v1/group${query}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(payload),
  });

describe("POST /v1/group", () => {
  it("groups one claim with the definition in force and returns the trace", async () => {
    const res = await post(body, await issuer.token({ roles: ["hospital"], hospital: "HKL" }));
    expect(res.status).toBe(200);
    const json = await res.json();
    expect(json.result).toMatchObject({ mdc: "05", adrg: "05M2", drg: "05M2-III", severity: "III", status: "grouped", reason: "OK" });
    expect(json.result.trace.matchedRule).toBeTruthy();
    expect(json.result.trace.severityCodes.length).toBeGreaterThan(0);
    expect(json.definition).toMatchObject({ label: "demo 2026.1", illustrative: true });
    expect(json.explanation).toBeUndefined();
  });

  it("adds the readable explanation when asked", async () => {
    const res = await post(body, await issuer.token({ roles: ["admin"] }), "?explain=true");
    expect((await res.json()).explanation).toMatch(/ILLUSTRATIVE/);
  });

  it("refuses a request without a token (401)", async () => {
    expect((await post(body)).status).toBe(401);
  });

  it("answers 404 E_CONFIG_NOT_IN_FORCE for a date no definition covers", async () => {
    const res = await post({ ...body, dischargeDate: "2019-01-01" }, await issuer.token({ roles: ["hospital"], hospital: "HKL" }));
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe("E_CONFIG_NOT_IN_FORCE");
  });

  it("answers 400 naming the field for a malformed claim", async () => {
    const res = await post({ ...body, dischargeDate: "15/01/2027" }, await issuer.token({ roles: ["hospital"], hospital: "HKL" }));
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/^dischargeDate/);
  });

  it("publishes its OpenAPI document", async () => {
    const res = await app.request("/v1/openapi/group.json");
    expect((await res.json()).paths["/v1/group"].post).toBeDefined();
  });
});
