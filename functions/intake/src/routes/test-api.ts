import { readFile } from "node:fs/promises";
import { createTokenVerifier, startTestIssuer, type TestIssuer } from "@casemix/auth";
import { createTestPlatform, type TestPlatform } from "@casemix/runtime";
import { createRawObjects, developmentMasterKeys } from "@casemix/storage";
import { loadIntakeEnv } from "../env.ts";
import { createIntakeApi } from "./api.ts";

/** The example claim of the submission format (shared/claims/examples/claim.json), as a POST /v1/claims body. */
export const exampleClaim = JSON.parse(await readFile(new URL("../../../../shared/claims/examples/claim.json", import.meta.url), "utf8")) as Record<string, unknown>;

export type IntakeTestApi = {
  issuer: TestIssuer;
  platform: TestPlatform;
  app: ReturnType<typeof createIntakeApi>;
  /** The authorization header of a token with `roles` (and `hospital`) from the test issuer. */
  as(roles: string[], hospital?: string): Promise<{ authorization: string }>;
  close(): Promise<void>;
};

/** Intake's REST API on a test platform whose tokens a test issuer signs; `env` over intake's defaults. */
export async function startIntakeTestApi(env: Record<string, string> = {}): Promise<IntakeTestApi> {
  const issuer = await startTestIssuer();
  const platform = await createTestPlatform({ verifier: createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl }) });
  const app = createIntakeApi({ platform, env: loadIntakeEnv(env), pseudonymKey: "k".repeat(32), raw: createRawObjects(platform.store, developmentMasterKeys("test")) }, async () => ({ outcomes: [] }));
  return {
    issuer,
    platform,
    app,
    as: async (roles, hospital) => ({ authorization: `Bearer ${await issuer.token({ roles, hospital })}` }),
    async close() {
      await platform.db.close();
      await issuer.close();
    },
  };
}
