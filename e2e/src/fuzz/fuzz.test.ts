import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { z } from "zod";
import { createTokenVerifier, startTestIssuer, type TestIssuer } from "@casemix/auth";
import { createLogger, loadFunctionModules, startEmbeddedMesh, type EmbeddedMesh } from "@casemix/runtime";
import { createIntakeModule, loadIntakeEnv } from "@casemix/fn-intake";
import { testPlatform } from "../intake-flow-helpers.ts";
import { FUZZ_HOSPITAL } from "./claim-arbitraries.ts";
import { fileSpecArb, renderFile } from "./file-arbitraries.ts";
import { checkFile, type FileOutcome } from "./invariants.ts";
import { sweepForIdentifiers } from "./sweep.ts";

/**
 * Issue 16 point 3: generated claim files in every format, with random corruptions, sent to intake
 * on the whole embedded mesh (PGlite) and followed to the end. FUZZ_SEED reproduces a run,
 * FUZZ_RUNS sets the number of files (300 here; the long run in e2e/README.md takes 10,000).
 * Test-only knobs, read here and nowhere else.
 */
const FuzzEnvSchema = z.object({
  FUZZ_SEED: z.coerce.number().int().optional(),
  FUZZ_RUNS: z.coerce.number().int().min(1).default(300),
  FUZZ_SHRINK: z.enum(["0", "1"]).default("0"),
  /** Every n-th file goes through the whole pipeline; the others are checked at intake alone (1: all of them). */
  FUZZ_PIPELINE_EVERY: z.coerce.number().int().min(1).default(1),
  /** Only these formats (comma-separated), e.g. `json` to look at one format's rules. */
  FUZZ_FORMATS: z.string().default("csv,ndjson,json").transform((s) => s.split(",").map((f) => z.enum(["csv", "ndjson", "json"]).parse(f.trim()))),
});
const fuzzEnv = FuzzEnvSchema.parse(process.env);
const SEED = fuzzEnv.FUZZ_SEED ?? Date.now() % 2 ** 31;
const RUNS = fuzzEnv.FUZZ_RUNS;
const SHRINK = fuzzEnv.FUZZ_SHRINK === "1";
/** A batch of at most 12 claims settles in well under a second; 20 s is the bound the invariant allows. */
const SETTLE_MS = 20_000;

let issuer: TestIssuer;
let mesh: EmbeddedMesh;
/** Intake alone, for the files checked at intake only: their events wait in its outbox, unread. */
let intakeMesh: EmbeddedMesh;
let token: string;
const logLines: string[] = [];

beforeAll(async () => {
  issuer = await startTestIssuer();
  const platform = await testPlatform(createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl }));
  // Every log line of every function is kept for the identifier sweep (only lines that could hold one).
  const log = createLogger({ level: "debug", write: (line) => void (/PX\d|\d{12}/.test(line) && logLines.push(line)) });
  platform.log = log;
  const others = (await loadFunctionModules()).filter((m) => m.name !== "intake");
  const intake = createIntakeModule({ env: loadIntakeEnv({ PATIENT_PSEUDONYM_KEY: "k".repeat(40), INTAKE_CHUNK_SIZE: "4" }) });
  mesh = await startEmbeddedMesh({ modules: [intake, ...others], env: platform.env, log, platform, backoffScale: 0.001 });
  const intakePlatform = await testPlatform(platform.verifier);
  intakePlatform.log = log;
  intakeMesh = await startEmbeddedMesh({ modules: [intake], env: intakePlatform.env, log, platform: intakePlatform, backoffScale: 0.001 });
  token = await issuer.token({ roles: ["hospital"], hospital: FUZZ_HOSPITAL });
});
afterAll(async () => {
  await mesh?.close();
  await intakeMesh?.close();
  await issuer?.close();
});

describe("fuzzing intake and the pipeline behind it", () => {
  const numericIds: string[] = [];
  const tally: Record<string, number> = {};

  // The suite's default 10 minutes fit 300 files (~3 min); a long run gets ~1 s a file more than it needs.
  it(`generated files (FUZZ_RUNS=${RUNS}) each get a specific 4xx or a 202 whose batch ends completed or failed with its counts adding up`, async () => {
    console.log(`fuzz: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS} FUZZ_FORMATS=${fuzzEnv.FUZZ_FORMATS.join(",")} FUZZ_PIPELINE_EVERY=${fuzzEnv.FUZZ_PIPELINE_EVERY} (rerun with these to reproduce)`);
    let run = 0;
    const started = Date.now();
    const details = await fc.check(
      fc.asyncProperty(fileSpecArb.filter((f) => fuzzEnv.FUZZ_FORMATS.includes(f.format)), async (spec) => {
        const file = renderFile(spec, ++run);
        numericIds.push(...file.patientIds.filter((id) => /^\d+$/.test(id)));
        const pipeline = run % fuzzEnv.FUZZ_PIPELINE_EVERY === 0;
        // A fresh token every 500 files: the test issuer's tokens expire (a long run outlived one at file 5,119).
        if (run % 500 === 0) token = await issuer.token({ roles: ["hospital"], hospital: FUZZ_HOSPITAL });
        const outcome: FileOutcome = await checkFile(pipeline ? mesh : intakeMesh, token, file, SETTLE_MS, pipeline);
        const key = `${spec.format} ${outcome.status}${outcome.batchStatus ? ` ${outcome.batchStatus}` : ""}`;
        tally[key] = (tally[key] ?? 0) + 1;
        if (run % 500 === 0) console.log(`fuzz: ${run} files in ${((Date.now() - started) / 1000).toFixed(1)} s, all held`);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: !SHRINK },
    );
    console.log(`fuzz: ${run} files in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(tally)}`);
    if (details.failed) {
      const reason = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      console.log(`fuzz: FAILED at seed ${details.seed} path ${details.counterexamplePath}: ${reason}\n${JSON.stringify(details.counterexample, null, 1)}`);
    }
    expect(details.failed ? `seed ${details.seed} path ${details.counterexamplePath}: ${String((details.errorInstance as Error)?.message)}` : "held").toBe("held");
  }, Math.max(600_000, RUNS * 1_000));

  it("no generated patient identifier is stored, sent or logged in clear outside raw/", async () => {
    const leaks = [...(await sweepForIdentifiers(mesh.platform, numericIds, logLines)), ...(await sweepForIdentifiers(intakeMesh.platform, numericIds, []))];
    if (leaks.length > 0) console.log(`fuzz (FUZZ_SEED=${SEED}): identifiers in clear: ${JSON.stringify(leaks)}`);
    expect(leaks).toEqual([]);
  });
});
