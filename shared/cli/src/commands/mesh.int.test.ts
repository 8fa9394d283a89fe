import { readdirSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createKafkaBus, type Bus } from "@casemix/bus";
import { createPostgresDb } from "@casemix/db";
import { routes } from "@casemix/events";
import { integrationEnv, uniqueName } from "../../../runtime/src/integration-env.ts";
import { freePortBlock, isAlive, spawnMesh, type MeshProcess } from "./mesh-process.ts";

/**
 * `casemix mesh` as a supervisor (issue 16.7), against the real Kafka and PostgreSQL: each test runs
 * the command as a process on a topic, consumer groups and database of its own.
 */
const env = integrationEnv();
const dbName = uniqueName("mesh_cli");
const dbUrl = Object.assign(new URL(env.DATABASE_URL), { pathname: `/${dbName}` }).toString();
/** casemix mesh runs every function of functions/ (12 since appeals and web). */
const FUNCTIONS = readdirSync(new URL("../../../../functions/", import.meta.url), { withFileTypes: true }).filter((d) => d.isDirectory()).length;

let mesh: MeshProcess | undefined;
let bus: Bus | undefined;
beforeAll(async () => {
  const admin = createPostgresDb({ url: env.DATABASE_URL, max: 1 });
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.close();
});
afterEach(async () => {
  if (mesh && mesh.child.exitCode === null && mesh.child.signalCode === null) mesh.child.kill("SIGKILL");
  await bus?.close();
  mesh = bus = undefined;
});
afterAll(async () => {
  const admin = createPostgresDb({ url: env.DATABASE_URL, max: 1 });
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.close();
});

async function start(tag: string, extra: string[] = []): Promise<MeshProcess> {
  const run = uniqueName(tag);
  const base = await freePortBlock(FUNCTIONS + 4);
  return (mesh = spawnMesh(["--base-port", String(base), "--topic", `casemix.${run}`, "--group-prefix", run, ...extra], {
    ...env, DATABASE_URL: dbUrl, S3_BUCKET: run.replace(/_/g, "-"), S3_FORCE_PATH_STYLE: "true",
    PATIENT_PSEUDONYM_KEY: "mesh-cli-test-pseudonym-key-".repeat(2), LOG_LEVEL: "info", RAW_MASTER_KEYS: "mk_test=AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=", WEBHOOK_MASTER_KEYS: "mk_test=AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=",
  }));
}

const started = (m: MeshProcess) => m.logs.filter((l) => l.msg === "function started").map((l) => Number(l.pid));

describe("casemix mesh, supervising its functions", () => {
  it("refuses to start, exit 3, when its consumer groups already have members, naming them", async () => {
    const prefix = uniqueName("mesh_busy");
    const route = routes[0];
    bus = createKafkaBus({ brokers: env.KAFKA_BROKERS.split(","), routes, topic: `casemix.${prefix}`, groupPrefix: prefix, partitions: 1 });
    await bus.subscribe({ name: route.subscriber, deliver: async () => ({ status: 200 }) });
    const base = await freePortBlock(FUNCTIONS + 4);
    mesh = spawnMesh(["--base-port", String(base), "--topic", `casemix.${prefix}`, "--group-prefix", prefix], { ...env, DATABASE_URL: dbUrl });
    const { code } = await mesh.exited;
    expect(code).toBe(3);
    // Every group of the subscriber's routes has the member, the route's own among them.
    const said = mesh.lines.join("\n");
    expect(said).toContain("casemix mesh: consumer groups already have members: ");
    expect(said).toContain(`${prefix}.${route.name} (`);
    expect(started(mesh)).toEqual([]);
  }, 60_000);

  it("fails its start, exit 1, when a function is not ready within --ready-timeout-s, leaving no function running", async () => {
    const m = await start("mesh_late", ["--ready-timeout-s", "0.5"]);
    const { code } = await m.exited;
    expect(code).toBe(1);
    expect(m.logs.some((l) => l.msg === "mesh start failed; stopping every function" && l.code === "E_NOT_READY")).toBe(true);
    const pids = started(m);
    expect(pids).toHaveLength(FUNCTIONS);
    expect(pids.filter(isAlive)).toEqual([]);
  }, 60_000);

  it("restarts a SIGKILLed function itself, and after SIGTERM is gone with every function within a few seconds", async () => {
    // Ten functions from the TypeScript source on a shared 2-core machine: minutes, not seconds.
    const m = await start("mesh_restart", ["--ready-timeout-s", "400"]);
    while (!m.lines.some((l) => l.startsWith("broker ingress"))) {
      if (m.child.exitCode !== null) throw new Error(`mesh exited ${m.child.exitCode}:\n${m.lines.filter((l) => l.includes("\"mesh\"") || !l.startsWith("{")).slice(-20).join("\n")}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const victim = m.logs.find((l) => l.msg === "function started" && l.fn === "group")!;
    process.kill(Number(victim.pid), "SIGKILL");
    const restarted = await m.waitForLog((l) => l.msg === "function restarted" && l.fn === "group", 20_000);
    await m.waitForLog((l) => l.msg === "function ready" && l.fn === "group", 60_000);
    expect(restarted.pid).not.toBe(victim.pid);
    const pids = [...started(m).filter((p) => p !== victim.pid), Number(restarted.pid)];
    expect(pids.filter(isAlive)).toHaveLength(FUNCTIONS);
    const t0 = Date.now();
    m.child.kill("SIGTERM");
    const { code, at } = await m.exited;
    expect(code).toBe(0);
    expect(at - t0).toBeLessThan(10_000);
    expect(pids.filter(isAlive)).toEqual([]);
    console.log(`mesh gone ${at - t0} ms after SIGTERM`);
  }, 600_000);
});
