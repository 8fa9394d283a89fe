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

  // The same patient and episode as `body`, as a hospital submits it (POST /v1/claims): born
  // 1956-06-01, admitted 2027-01-11 (age 70), discharged 2027-01-15 (stay of 4 days).
  const submitted = {
    hospitalCode: "HKL",
    claimNumber: "HKL-2027-000123",
    patientId: "800101-14-5566",
    admissionDate: "2027-01-11",
    dischargeDate: "2027-01-15",
    admissionType: "emergency",
    dischargeStatus: "1",
    sex: "M",
    dateOfBirth: "1956-06-01",
    principalDiagnosis: "I50.9",
    secondaryDiagnoses: ["I48.9", "N17.9"],
    procedures: [],
    totalCharges: "18450.00",
  };

  it("groups a claim posted as submitted, mapped as the pipeline maps it (age at admission, stay in days)", async () => {
    const token = await issuer.token({ roles: ["hospital"], hospital: "HKL" });
    const res = await post(submitted, token);
    expect(res.status).toBe(200);
    const json = await res.json();
    expect(json.claim).toMatchObject({ caseId: "HKL-2027-000123", ageYears: 70, los: 4, principalDx: "I50.9" });
    expect(json.result).toMatchObject({ drg: "05M2-III", status: "grouped" });
    const wrapped = await post({ submission: submitted }, token, "?explain=true");
    expect(wrapped.status).toBe(200);
    expect((await wrapped.json()).result.drg).toBe("05M2-III");
  });

  it("answers 400 naming the submission fields sent as the engine's claim, instead of ignoring them", async () => {
    const res = await post({ dischargeDate: "2027-01-15", claim: submitted }, await issuer.token({ roles: ["hospital"], hospital: "HKL" }));
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe("E_FIELD_UNKNOWN");
    expect(error.message).toContain("principalDiagnosis");
    expect(error.message).toContain("send that claim as the whole body");
  });

  it("answers 400 naming an unknown field of a submitted claim", async () => {
    const token = await issuer.token({ roles: ["hospital"], hospital: "HKL" });
    const res = await post({ ...submitted, losDays: 4 }, token);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: "E_FIELD_UNKNOWN", message: expect.stringContaining("losDays") });
    const wrapped = await post({ submission: submitted, extra: 1 }, token);
    expect((await wrapped.json()).error.message).toContain("extra");
  });

  it("publishes its OpenAPI document", async () => {
    const res = await app.request("/v1/openapi/group.json");
    expect((await res.json()).paths["/v1/group"].post).toBeDefined();
  });
});
