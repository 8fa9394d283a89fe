import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenVerifier, startTestIssuer, type TestIssuer } from "@casemix/auth";
import { developmentTokenLines } from "./dev-tokens.ts";

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await startTestIssuer();
});
afterAll(() => issuer.close());

const tokenOf = (lines: string[], label: string) => lines.find((l) => l.trimStart().startsWith(label))?.split(/\s+/).pop();

describe("the development tokens casemix start prints", () => {
  it("are an admin token and one for the sample's hospital, with a hint for the others", async () => {
    const lines = await developmentTokenLines(issuer, { adminToken: "ADMIN", hospital: "HDB-0001", all: false });
    const verify = createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl });
    expect(await verify(tokenOf(lines, "hospital HDB-0001:")!)).toMatchObject({ roles: ["hospital"], hospital: "HDB-0001" });
    expect(lines.some((l) => /finance:/.test(l))).toBe(false);
    expect(lines.join("\n")).toContain("--tokens prints ministry, finance, auditor tokens too");
  });

  it("with --tokens add a ministry, a finance and an auditor token", async () => {
    const lines = await developmentTokenLines(issuer, { adminToken: "ADMIN", hospital: "HDB-0001", all: true });
    const verify = createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl });
    for (const role of ["ministry", "finance", "auditor"]) expect((await verify(tokenOf(lines, `${role}:`)!)).roles).toEqual([role]);
  });
});
