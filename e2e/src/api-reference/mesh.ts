import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestIssuer, type TestIssuer } from "@casemix/auth";
import { BaseEnvSchema, createLogger, loadFunctionModules, parseEnv, serveApp, startEmbeddedMesh, type EmbeddedMesh } from "@casemix/runtime";

export type ReferenceMesh = { url: string; mesh: EmbeddedMesh; issuer: TestIssuer; token(roles: string[], hospital?: string): Promise<string>; close(): Promise<void> };

/**
 * Every function in one process on the embedded defaults, served over HTTP on a free port: what
 * `casemix start --no-sample` runs, in a folder of its own (never the developer's .data, nor the
 * servers of the integration suite: the environment is built here, not read).
 */
export async function startReferenceMesh(): Promise<ReferenceMesh> {
  const dir = await mkdtemp(join(tmpdir(), "casemix-reference-"));
  const issuer = await startTestIssuer();
  const vars = {
    PGLITE_DATA_DIR: join(dir, "pglite"), PGLITE_SETTINGS: "shared_buffers=128MB", STORAGE_DIR: join(dir, "objects"), ACCESS_LOG: join(dir, "access.jsonl"),
    LOG_LEVEL: "warn", OIDC_ISSUER: issuer.issuer, OIDC_JWKS_URL: issuer.jwksUrl, OIDC_AUDIENCE: issuer.audience,
  };
  const env = parseEnv(BaseEnvSchema, vars);
  const mesh = await startEmbeddedMesh({ modules: await loadFunctionModules(), env, source: vars, log: createLogger({ level: env.LOG_LEVEL }) });
  const server = await serveApp(mesh.app, { port: 0 });
  return {
    url: server.url,
    mesh,
    issuer,
    token: (roles, hospital) => issuer.token({ sub: roles.join("+"), roles, ...(hospital ? { hospital } : {}), expiresIn: "1h" }),
    close: async () => {
      await server.close();
      await mesh.close();
      await issuer.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
