import { createTokenVerifier, startTestIssuer, type TestIssuer } from "@casemix/auth";
import { createLogger, loadFunctionModules, startEmbeddedMesh, type EmbeddedMesh } from "@casemix/runtime";
import { createIntakeModule, loadIntakeEnv } from "@casemix/fn-intake";
import { testPlatform } from "../intake-flow-helpers.ts";
import { CHUNK_SIZE, HOSPITAL, type LateMesh } from "./late-flow.ts";

export type EmbeddedLateMesh = {
  mesh: EmbeddedMesh;
  issuer: TestIssuer;
  /** The flow's view of the mesh: each call with a fresh token of `roles` (a hospital role for {@link HOSPITAL}). */
  api: LateMesh;
  close(): Promise<void>;
};

/**
 * The embedded mesh (PGlite, folder store, in-process bus, every function) with intake's chunk size at
 * `CHUNK_SIZE`, as the late-claims flow and the webhook-link test drive it.
 */
export async function startEmbeddedLateMesh(): Promise<EmbeddedLateMesh> {
  const issuer = await startTestIssuer();
  const platform = await testPlatform(createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl }));
  const others = (await loadFunctionModules()).filter((m) => m.name !== "intake");
  const intake = createIntakeModule({ env: loadIntakeEnv({ PATIENT_PSEUDONYM_KEY: "k".repeat(40), INTAKE_CHUNK_SIZE: CHUNK_SIZE }) });
  const mesh = await startEmbeddedMesh({ modules: [intake, ...others], env: platform.env, log: createLogger({ level: "silent" }), platform, backoffScale: 0.001 });
  const api: LateMesh = {
    async call(_fn, path, init = {}) {
      const roles = init.roles ?? ["admin"];
      const token = await issuer.token({ roles, ...(roles.includes("hospital") ? { hospital: HOSPITAL } : {}) });
      const headers = { authorization: `Bearer ${token}`, "content-type": path.startsWith("/v1/batches?") ? "text/csv" : "application/json" };
      const res = await mesh.app.request(path, { method: init.method ?? "GET", body: init.body, headers });
      const text = await res.text();
      let body: unknown;
      try { body = JSON.parse(text); } catch { body = undefined; }
      return { status: res.status, body, text };
    },
    async batchCompletedCount(batchId) {
      const { rows } = await mesh.platform.db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM outbox WHERE event->>'type' = 'gov.my.casemix.batch.completed.v1' AND event->'data'->>'batchId' = $1",
        [batchId],
      );
      return Number(rows[0].n);
    },
  };
  return { mesh, issuer, api, close: async () => { await mesh.close(); await issuer.close(); } };
}
