import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePortBlock } from "../../../shared/cli/src/commands/mesh-process.ts";

/** A target of the scrape: its address (`host:port`) and the labels Prometheus adds to its series. */
export type ScrapeTarget = { address: string; labels: Record<string, string> };

export type PrometheusServer = {
  url: string;
  /** An instant PromQL query over the HTTP API; each result's labels and value. */
  query(promql: string): Promise<{ metric: Record<string, string>; value: number }[]>;
  /** The scrape targets and their health as Prometheus sees them. */
  targets(): Promise<{ labels: Record<string, string>; health: string; lastError: string }[]>;
  close(): Promise<void>;
};

/**
 * A real Prometheus (Debian's `prometheus` binary, scripts/install-tools.sh) on a free loopback port,
 * scraping `targets`' /metrics every `scrapeIntervalS` seconds into a temporary TSDB.
 */
export async function startPrometheus(targets: readonly ScrapeTarget[], { scrapeIntervalS = 1 } = {}): Promise<PrometheusServer> {
  const dir = await mkdtemp(join(tmpdir(), "casemix-prometheus-"));
  const port = await freePortBlock(1);
  const config = [
    "global:",
    `  scrape_interval: ${scrapeIntervalS}s`,
    `  evaluation_interval: ${scrapeIntervalS}s`,
    "scrape_configs:",
    "  - job_name: casemix",
    "    metrics_path: /metrics",
    "    static_configs:",
    ...targets.flatMap((t) => [`      - targets: ["${t.address}"]`, `        labels: ${JSON.stringify(t.labels)}`]),
  ].join("\n");
  await writeFile(join(dir, "prometheus.yml"), config + "\n");
  const child: ChildProcess = spawn("prometheus", [
    `--config.file=${join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${join(dir, "data")}`,
    `--web.listen-address=127.0.0.1:${port}`, "--log.level=warn",
  ], { stdio: ["ignore", "ignore", "inherit"] });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (!(await fetch(`${url}/-/ready`).then((r) => r.ok, () => false))) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error("prometheus not ready in 60 s");
    await new Promise((r) => setTimeout(r, 200));
  }
  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${url}${path}`);
    const body = (await res.json()) as { status: string; data: T; error?: string };
    if (body.status !== "success") throw new Error(`prometheus ${path}: ${body.error}`);
    return body.data;
  };
  // Prometheus hands static targets to its scrape manager only at its discovery manager's next update
  // (every 5 s): until then /api/v1/targets lists none, and a quick batch could finish unscraped.
  while ((await api<{ activeTargets: unknown[] }>("/api/v1/targets")).activeTargets.length < targets.length) {
    if (Date.now() > deadline) throw new Error(`prometheus lists fewer than the ${targets.length} targets it was given after 60 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    query: async (promql) => {
      const data = await api<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(`/api/v1/query?query=${encodeURIComponent(promql)}`);
      return data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
    },
    targets: async () => (await api<{ activeTargets: { labels: Record<string, string>; health: string; lastError: string }[] }>("/api/v1/targets")).activeTargets,
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
