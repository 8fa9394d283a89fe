import { parseArgs } from "node:util";
import { startTestIssuer } from "@casemix/auth";
import { GENERATED_HEADER, generateClaimRows } from "@casemix/claims";
import { BaseEnvSchema, createLogger, loadFunctionModules, parseEnv, serveApp, startEmbeddedMesh } from "@casemix/runtime";

export const summary = "run the whole mesh in one process on the embedded defaults (PGlite, in-process bus, a folder) and put a sample batch through it";

const USAGE = `usage: casemix start [--port 8080] [--sample-claims 500] [--no-sample] [--exit]

Runs every function of functions/ in one process with no servers: PGlite in .data/pglite, objects in
.data/objects, the in-process bus. Serves all REST APIs on one port (docs at /docs). Unless --no-sample,
submits a generated sample batch for a demo hospital, waits until every claim reached its end state and
prints the batch's outcome. --exit stops after that instead of serving on.
With no OIDC_ISSUER set, a local development issuer on loopback signs the tokens it prints; set
OIDC_ISSUER (and OIDC_AUDIENCE, OIDC_JWKS_URL) to use a real one.`;

/** A hospital of the demo register (shared/pricing/demo/register): Hospital Selayang, Selangor. */
const SAMPLE_HOSPITAL = "H10-DEC915";

export async function run(args: string[], source: Record<string, string | undefined> = process.env): Promise<number> {
  const { values: opts } = parseArgs({
    args,
    options: {
      port: { type: "string" },
      "sample-claims": { type: "string", default: "500" },
      "no-sample": { type: "boolean", default: false },
      exit: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  const vars: Record<string, string | undefined> = { PGLITE_DATA_DIR: ".data/pglite", LOG_LEVEL: "warn", ...source };
  const issuer = vars.OIDC_ISSUER ? undefined : await startTestIssuer();
  if (issuer) Object.assign(vars, { OIDC_ISSUER: issuer.issuer, OIDC_JWKS_URL: issuer.jwksUrl, OIDC_AUDIENCE: issuer.audience });
  const env = parseEnv(BaseEnvSchema, { ...vars, ...(opts.port ? { PORT: opts.port } : {}) });
  const log = createLogger({ level: env.LOG_LEVEL });
  const modules = await loadFunctionModules();
  const mesh = await startEmbeddedMesh({ modules, env, source: vars, log });
  const server = await serveApp(mesh.app, { port: env.PORT });
  console.log(`casemix mesh (embedded) on ${server.url} with ${modules.map((m) => m.name).join(", ")}`);
  console.log(`  API docs: ${server.url}/docs`);
  const adminToken = issuer ? await issuer.token({ sub: "admin", roles: ["admin", "ministry"], expiresIn: "12h" }) : undefined;
  if (issuer) {
    const hospitalToken = await issuer.token({ sub: "coder", roles: ["hospital"], hospital: SAMPLE_HOSPITAL, expiresIn: "12h" });
    console.log(`  development tokens (local issuer ${issuer.issuer}, valid 12 h):`);
    console.log(`    admin:            ${adminToken}`);
    console.log(`    hospital ${SAMPLE_HOSPITAL}: ${hospitalToken}`);
  }
  let code = 0;
  if (!opts["no-sample"] && adminToken) code = await runSample(server.url, adminToken, Number(opts["sample-claims"]), mesh.idle);
  if (!opts.exit) {
    console.log("serving; Ctrl-C to stop");
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
  }
  await server.close();
  await mesh.close();
  await issuer?.close();
  return code;
}

async function runSample(baseUrl: string, token: string, count: number, idle: () => Promise<void>): Promise<number> {
  const lines = [GENERATED_HEADER];
  for (const row of generateClaimRows({ seed: 2027, count, hospitalCode: SAMPLE_HOSPITAL, fromMonth: "2026-10", months: 2 })) lines.push(row.line);
  const body = lines.join("\n") + "\n";
  const started = Date.now();
  const res = await fetch(`${baseUrl}/v1/batches?hospital=${SAMPLE_HOSPITAL}&fileName=sample-batch.csv`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" },
    body,
  });
  const accepted = (await res.json()) as { batchId?: string; error?: { message: string } };
  if (res.status !== 202 || !accepted.batchId) {
    console.error(`sample batch refused (${res.status}): ${accepted.error?.message ?? JSON.stringify(accepted)}`);
    return 1;
  }
  console.log(`sample batch ${accepted.batchId}: ${count} claims submitted for ${SAMPLE_HOSPITAL}; processing...`);
  await idle();
  const status = await (await fetch(`${baseUrl}/v1/batches/${accepted.batchId}`, { headers: { authorization: `Bearer ${token}` } })).json();
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s:`);
  console.log(JSON.stringify(status, null, 2));
  console.log(`  result file: ${baseUrl}/v1/batches/${accepted.batchId}/result.csv`);
  return 0;
}
