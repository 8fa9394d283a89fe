import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);
const script = new URL("../../scripts/dr/drill-infra.sh", import.meta.url).pathname;

export type DrillInfra = {
  dir: string;
  databaseUrl: string;
  /** Runs one step of scripts/dr/drill-infra.sh and returns its wall seconds. */
  step(name: "up" | "backup" | "crash" | "restore" | "info" | "down"): Promise<number>;
};

/** The drill's own PostgreSQL cluster, pgBackRest and TLS S3 repository, driven through the runbook's script. */
export function drillInfra(o: { dir: string; pgPort: number; s3Port: number; archiveTimeoutS: number }): DrillInfra {
  const env = { ...process.env, DR_DIR: o.dir, DR_PG_PORT: String(o.pgPort), DR_S3_PORT: String(o.s3Port), DR_ARCHIVE_TIMEOUT: String(o.archiveTimeoutS) };
  return {
    dir: o.dir,
    databaseUrl: `postgres://postgres@127.0.0.1:${o.pgPort}/postgres`,
    async step(name) {
      const t0 = performance.now();
      try {
        const { stderr } = await run("bash", [script, name], { env, maxBuffer: 16 << 20 });
        if (stderr.trim()) console.log(stderr.trim());
      } catch (error) {
        const e = error as { stderr?: string; stdout?: string; message: string };
        throw new Error(`drill-infra.sh ${name} failed: ${e.stderr || e.stdout || e.message}`);
      }
      return (performance.now() - t0) / 1000;
    },
  };
}
