import { afterAll, describe, expect, it } from "vitest";
import { skipUnless } from "@casemix/testing";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateBatch } from "@casemix/generator";
import { hasServices } from "../src/national/mesh.ts";
import { formatDrill, missedTargets } from "./report.ts";
import { runDrill } from "./run-drill.ts";

/** CI's size of the drill (DR_CLAIMS, default 50,000); the 1M run is `npm run drill:dr`. */
const CLAIMS = Number(process.env.DR_CLAIMS ?? 50_000);
const hasPgServer = existsSync("/usr/lib/postgresql");

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe(`disaster-recovery drill (${CLAIMS} claims)`, skipUnless(hasServices && hasPgServer, hasServices ? "no PostgreSQL server binaries under /usr/lib/postgresql" : "no Kafka or S3: run under scripts/with-services.sh"), () => {
  it("restores the destroyed cluster to its latest point within the RPO and RTO targets, and every claim ends as the manifest says", async () => {
    const dir = await mkdtemp(join(tmpdir(), "drill-"));
    dirs.push(dir);
    const generated = await generateBatch({ claims: CLAIMS, period: "2026-09", hospitals: 10, seed: 22, out: dir } as never);
    if (!generated.ok) throw new Error(generated.error.message);
    const report = await runDrill({ dir, manifest: generated.manifest, tail: 0.3, crashAt: 0.4, archiveTimeoutS: 30, timeoutMs: 900_000 });
    console.log(formatDrill(report));
    expect(report.problems).toEqual([]);
    expect(missedTargets(report)).toEqual([]);
  }, 1_800_000);
});
