import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenVerifier, startTestIssuer, type TestIssuer } from "@casemix/auth";
import { createDraft, importDefinitionDir, publishVersion } from "@casemix/config";
import { routes } from "@casemix/events";
import { demoDefinitionDir } from "@casemix/grouper";
import { createLogger, createTestPlatform, startEmbeddedMesh, type EmbeddedMesh } from "@casemix/runtime";
import groupModule from "./function.ts";

let issuer: TestIssuer;
let mesh: EmbeddedMesh;

beforeAll(async () => {
  issuer = await startTestIssuer();
  const platform = await createTestPlatform({ verifier: createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl }) });
  mesh = await startEmbeddedMesh({
    modules: [groupModule],
    env: platform.env,
    platform,
    log: createLogger({ level: "silent" }),
    routes: routes.filter((r) => r.subscriber === "group"),
  });
});
afterAll(async () => {
  await mesh?.close();
  await issuer?.close();
});

const groupOne = async (dischargeDate: string) => {
  const res = await mesh.app.request("/v1/group", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${await issuer.token({ roles: ["hospital"], hospital: "HKL" })}` },
    body: JSON.stringify({ dischargeDate, claim: { sex: "F", ageYears: 40, los: 2, principalDx: "I50.9", secondaryDx: [], procedures: [] } }),
  });
  return (await res.json()) as { definition: { label: string } };
};

describe("group in the embedded mesh", () => {
  it("starts on an empty database with the demo definition seeded", async () => {
    expect((await groupOne("2027-01-15")).definition.label).toBe("demo 2026.1");
  });

  it("CONFIG_SEED_DEMO=false leaves an empty database empty", async () => {
    const platform = await createTestPlatform({ source: { CONFIG_SEED_DEMO: "false" } });
    await groupModule.create(platform);
    const { rows } = await platform.db.query<{ n: number }>("select count(*)::int as n from config_version");
    expect(rows[0].n).toBe(0);
    await platform.db.close();
  });

  it("a definition published later is in force for the next claim, through config.published", async () => {
    const db = mesh.platform.db;
    const v = await createDraft(db, importDefinitionDir(demoDefinitionDir, "package", { effectiveFrom: "2027-01-01", label: "demo 2027" }));
    await publishVersion(db, v.id);
    await mesh.idle(); // the outbox relay sends config.published; group's route delivers it
    const { rows } = await db.query<{ n: number }>("select count(*)::int as n from processed_event where consumer = 'group' and type like '%config.published%'");
    expect(rows[0].n).toBeGreaterThanOrEqual(1);
    expect((await groupOne("2027-01-15")).definition.label).toBe("demo 2027");
    expect((await groupOne("2026-12-31")).definition.label).toBe("demo 2026.1");
  });
});
