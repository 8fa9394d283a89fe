import pg from "pg";
import { startTestIssuer } from "@casemix/auth";
import { createKafkaBus } from "@casemix/bus";
import { functionEntryPoints } from "@casemix/runtime";
import { routes } from "@casemix/events";
import { freePortBlock, isAlive, spawnMesh, type MeshProcess } from "../../../shared/cli/src/commands/mesh-process.ts";
import { dropStores, freshStores, functionBundles, services } from "../intake-distributed-harness.ts";
import type { MeshView } from "./mesh.ts";

/**
 * The whole mesh distributed as an operator runs it: one `casemix mesh` process supervising every
 * function (from its bundle), on this run's own database, bucket, topic and consumer groups. The test
 * reads the functions' pids from the mesh's log; it never starts or restarts a function itself.
 */
export type SupervisedMesh = MeshView & {
  mesh: MeshProcess;
  /** The pid of a function's current process (after the restarts the mesh logged). */
  pidOf(name: string): number;
  /** Every function's current pid. */
  pids(): number[];
  close(): Promise<void>;
};

export async function startSupervisedMesh(tag: string, extraEnv: Record<string, string> = {}): Promise<SupervisedMesh> {
  const bundles = await functionBundles();
  const stores = await freshStores(tag, { demoConfig: true });
  const issuer = await startTestIssuer();
  const names = [...(await functionEntryPoints()).keys()];
  const run = `${tag}_${process.pid}_${Date.now().toString(36)}`;
  const topic = `casemix.${run}`;
  const base = await freePortBlock(names.length + 2);
  const env: Record<string, string | undefined> = {
    ...services, ...stores, REDIS_URL: process.env.REDIS_URL, LOG_LEVEL: "info",
    OIDC_ISSUER: issuer.issuer, OIDC_JWKS_URL: issuer.jwksUrl, OIDC_AUDIENCE: issuer.audience,
    PATIENT_PSEUDONYM_KEY: "national-e2e-pseudonym-key-".repeat(2), RAW_MASTER_KEYS: "mk_test=AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=", WEBHOOK_MASTER_KEYS: "mk_test=AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=",
    SFTP_HOST: process.env.SFTP_HOST, SFTP_PORT: process.env.SFTP_PORT, SFTP_USER: process.env.SFTP_USER, SFTP_KEY_PATH: process.env.SFTP_KEY_PATH,
    SFTP_KNOWN_HOSTS: process.env.SFTP_KNOWN_HOSTS, SFTP_DIR: `${process.env.SFTP_DIR ?? "/upload"}/${stores.S3_BUCKET}`, SFTP_MIN_AGE_SECONDS: "0",
    MALLOC_ARENA_MAX: "2",
    ...extraEnv,
  };
  const mesh = spawnMesh(["--base-port", String(base), "--topic", topic, "--group-prefix", run, "--bundles", bundles, "--ready-timeout-s", "300"], env);
  // The mesh prints "broker ingress <url>" once every function is ready and the broker subscribed.
  const ready = await new Promise<boolean>((resolve) => {
    const poll = setInterval(() => mesh.lines.some((l) => l.startsWith("broker ingress")) && (clearInterval(poll), resolve(true)), 200);
    void mesh.exited.then(() => (clearInterval(poll), resolve(false)));
  });
  if (!ready) throw new Error(`casemix mesh did not start:\n${mesh.lines.filter((l) => !l.startsWith("{") || l.includes('"process":"mesh"')).slice(-20).join("\n")}`);
  const procs = new Map(names.map((n, i) => [n, { url: `http://127.0.0.1:${base + 1 + i}` }]));
  // The dead-letter topic is read with a client of the test's own (it joins no group).
  const bus = createKafkaBus({ brokers: services.KAFKA_BROKERS!.split(","), routes, topic, groupPrefix: `${run}-reader` });
  const pool = new pg.Pool({ connectionString: stores.DATABASE_URL, max: 2 });
  pool.on("error", () => undefined);
  const pidOf = (name: string) => {
    const lines = mesh.logs.filter((l) => (l.msg === "function started" || l.msg === "function restarted") && l.fn === name);
    return Number(lines.at(-1)?.pid);
  };
  return {
    mesh, procs, issuer, env, pool, broker: { bus },
    pidOf,
    pids: () => names.map(pidOf),
    async close() {
      if (mesh.child.exitCode === null && mesh.child.signalCode === null) {
        mesh.child.kill("SIGTERM");
        await Promise.race([mesh.exited, new Promise((r) => setTimeout(r, 15_000))]);
        if (mesh.child.exitCode === null) mesh.child.kill("SIGKILL");
      }
      for (const pid of names.map(pidOf)) if (isAlive(pid)) process.kill(pid, "SIGKILL");
      await bus.close();
      await pool.end();
      await issuer.close();
      if (!process.env.NATIONAL_KEEP_DB) await dropStores(stores);
    },
  };
}
