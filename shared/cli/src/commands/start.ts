import { parseArgs } from "node:util";
import { startTestIssuer } from "@casemix/auth";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { generateBatch } from "@casemix/generator";
import { BaseEnvSchema, createLogger, loadFunctionModules, parseEnv, serveApp, startEmbeddedMesh } from "@casemix/runtime";
import { developmentTokenLines } from "../dev-tokens.ts";
import { registerInForce, type Register } from "../register-in-db.ts";

export const summary = "run the whole mesh in one process on the embedded defaults (PGlite, in-process bus, a folder) and put a sample batch through it";

const USAGE = `usage: casemix start [--port 8080] [--sample-claims 500] [--no-sample] [--exit] [--tokens]

Runs every function of functions/ in one process with no servers: PGlite in .data/pglite, objects in
.data/objects, the in-process bus. Serves all REST APIs on one port (docs at /docs). Unless --no-sample,
submits a generated sample batch for a hospital of the register in force in the database, waits until
every claim reached its end state and prints the batch's outcome. --exit stops after that instead of
serving on.
With no OIDC_ISSUER set, a local development issuer on loopback signs the tokens it prints (an admin
token and one for the sample's hospital; --tokens adds ministry, finance and auditor tokens). Its key
is new at every start: tokens of an earlier start are refused, so use the ones printed now. Set
OIDC_ISSUER to use a real one, with OIDC_AUDIENCE (default casemix), OIDC_JWKS_URL (default: the
issuer's discovery document), OIDC_ROLES_CLAIM and OIDC_HOSPITAL_CLAIM (dotted claim paths; Keycloak:
realm_access.roles) and OIDC_CLOCK_SKEW_SECONDS (default 30); shared/auth/README.md explains each.`;

/** The hospital of the example claim files (shared/claims/examples): Hospital Selayang, Selangor. */
const EXAMPLES_HOSPITAL = "H10-DEC915";
/** A closed past month, so validate's future-date edit accepts every discharge. */
const SAMPLE_PERIOD = "2026-09";

export async function run(args: string[], source: Record<string, string | undefined> = process.env): Promise<number> {
  const { values: opts } = parseArgs({
    args,
    options: {
      port: { type: "string" },
      "sample-claims": { type: "string", default: "500" },
      "no-sample": { type: "boolean", default: false },
      exit: { type: "boolean", default: false },
      tokens: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  const vars: Record<string, string | undefined> = { PGLITE_DATA_DIR: ".data/pglite", LOG_LEVEL: "warn", ...source };
  // The logger prints warnings only here, so the access log goes to a file beside the database.
  vars.ACCESS_LOG ??= join(dirname(vars.PGLITE_DATA_DIR ?? ".data/pglite"), "access.jsonl");
  const issuer = vars.OIDC_ISSUER ? undefined : await startTestIssuer();
  if (issuer) Object.assign(vars, { OIDC_ISSUER: issuer.issuer, OIDC_JWKS_URL: issuer.jwksUrl, OIDC_AUDIENCE: issuer.audience });
  const env = parseEnv(BaseEnvSchema, { ...vars, ...(opts.port ? { PORT: opts.port } : {}) });
  // The web application calls the APIs on this same port (functions/web).
  vars.WEB_API_URL ??= `http://127.0.0.1:${env.PORT}`;
  const log = createLogger({ level: env.LOG_LEVEL });
  const modules = await loadFunctionModules();
  const mesh = await startEmbeddedMesh({ modules, env, source: vars, log });
  const server = await serveApp(mesh.app, { port: env.PORT });
  console.log(`casemix mesh (embedded) on ${server.url} with ${modules.map((m) => m.name).join(", ")}`);
  console.log(`  API docs: ${server.url}/docs`);
  if (modules.some((m) => m.name === "web")) console.log(`  web application: ${server.url}/app (sign in${issuer ? " as any development user" : ""} at ${vars.OIDC_ISSUER})`);
  const register = await registerInForce(mesh.platform, SAMPLE_PERIOD);
  if (typeof register === "string") {
    console.error(register);
    await server.close();
    await mesh.close();
    await issuer?.close();
    return 1;
  }
  const adminToken = issuer ? await issuer.token({ sub: "admin", roles: ["admin", "ministry"], expiresIn: "12h" }) : undefined;
  const sample = opts["no-sample"] ? undefined : await generateSample(register, Number(opts["sample-claims"]));
  if (sample && !sample.ok) console.error(`sample batch not generated: ${sample.message}`);
  // The hospital token is for the hospital the sample is sent for (issue 18: it once named another).
  // Without a sample, the hospital of the example files (shared/claims/examples) when the register knows it.
  const hospital = sample?.ok ? sample.hospital : (register.hospitals.find((h) => h.code === EXAMPLES_HOSPITAL) ?? register.hospitals[0])?.code;
  if (issuer && adminToken) for (const line of await developmentTokenLines(issuer, { adminToken, hospital, all: opts.tokens })) console.log(line);
  let code = sample && !sample.ok ? 1 : 0;
  if (sample?.ok && adminToken) code = await runSample(server.url, adminToken, sample, mesh.idle);
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

type Sample = { ok: true; dir: string; hospital: string; file: { name: string; rows: number; states: Record<string, number> } } | { ok: false; message: string };

/** Generates a sample month for one hospital of `register` with the national generator. */
async function generateSample(register: Register, count: number): Promise<Sample> {
  const dir = await mkdtemp(join(tmpdir(), "casemix-sample-"));
  const generated = await generateBatch({ claims: count, period: SAMPLE_PERIOD, hospitals: 1, seed: 2027, out: dir }, { register });
  if (!generated.ok) {
    await rm(dir, { recursive: true, force: true });
    return { ok: false, message: generated.error.message };
  }
  const [file] = generated.manifest.files;
  return { ok: true, dir, hospital: generated.manifest.hospitals[0].code, file: file as never };
}

/**
 * Submits the sample over REST, waits until every claim reached its end state, and prints the outcome
 * beside what the generator's manifest says each claim must become.
 */
async function runSample(baseUrl: string, token: string, sample: Extract<Sample, { ok: true }>, idle: () => Promise<void>): Promise<number> {
  const { dir, file, hospital } = sample;
  try {
    const started = Date.now();
    const res = await fetch(`${baseUrl}/v1/batches?hospital=${hospital}&fileName=${file.name}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" },
      body: await readFile(join(dir, file.name)),
    });
    const accepted = (await res.json()) as { batchId?: string; error?: { message: string } };
    if (res.status !== 202 || !accepted.batchId) {
      console.error(`sample batch refused (${res.status}): ${accepted.error?.message ?? JSON.stringify(accepted)}`);
      return 1;
    }
    console.log(`sample batch ${accepted.batchId}: ${file.rows} claims of ${SAMPLE_PERIOD} submitted for ${hospital}; processing...`);
    await idle();
    const status = (await (await fetch(`${baseUrl}/v1/batches/${accepted.batchId}`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      status: string;
      counts: Record<string, number>;
    };
    console.log(`batch ${status.status} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log("  claims by state (final includes those held for review):");
    const expected = file.states as Record<string, number>;
    const actual: Record<string, number> = { ...status.counts, final: (status.counts.final ?? 0) + (status.counts.under_review ?? 0) };
    let agree = status.status === "completed";
    for (const state of Object.keys(expected)) {
      agree &&= (actual[state] ?? 0) === expected[state];
      console.log(`    ${state.padEnd(12)} ${String(actual[state] ?? 0).padStart(6)}   (generator expected ${expected[state]})`);
    }
    if (status.counts.under_review) console.log(`    of which held for outlier review: ${status.counts.under_review}`);
    console.log(`  status:      ${baseUrl}/v1/batches/${accepted.batchId}`);
    console.log(`  result file: ${baseUrl}/v1/batches/${accepted.batchId}/result.csv`);
    if (!agree) console.error("the batch did not end as the generator's manifest says it must");
    return agree ? 0 : 1;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Printed by `casemix start --help` (main.ts), which never runs the command. */
export const usage = USAGE;
