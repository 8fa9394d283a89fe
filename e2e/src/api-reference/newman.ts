import { createRequire } from "node:module";

/* eslint-disable @typescript-eslint/no-explicit-any -- Newman's summary as plain JSON */

const require = createRequire(import.meta.url);
const newman = require("newman") as { run(options: Record<string, unknown>, cb: (err: Error | null, summary: any) => void): void };

export type NewmanStats = { requests: number; assertions: number; failed: string[]; statuses: Record<string, number>; notSuccessful: string[] };

/** Runs a collection with Newman (no reporter output), against `baseUrl` with `token`. */
export function runNewman(collection: Record<string, unknown>, variables: { baseUrl: string; token: string }): Promise<NewmanStats> {
  return new Promise((resolve, reject) => {
    newman.run(
      {
        collection,
        envVar: Object.entries(variables).map(([key, value]) => ({ key, value })),
        reporters: [],
        timeoutRequest: 60_000,
      },
      (err, summary) => {
        if (err) return reject(err);
        const statuses: Record<string, number> = {};
        const notSuccessful: string[] = [];
        for (const e of summary.run.executions) {
          if (!e.response) continue;
          statuses[e.response.code] = (statuses[e.response.code] ?? 0) + 1;
          if (e.response.code >= 300) notSuccessful.push(`${e.request.method} ${e.request.url.getPath()} ${e.response.code}`);
        }
        const failed = summary.run.failures.map((f: any) => `${f.source?.name ?? "?"}: ${f.error?.test ?? ""} ${f.error?.message ?? ""}`);
        resolve({ requests: summary.run.stats.requests.total, assertions: summary.run.stats.assertions.total, failed, statuses, notSuccessful });
      },
    );
  });
}
