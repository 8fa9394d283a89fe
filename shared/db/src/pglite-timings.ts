import { writeFileSync } from "node:fs";

/**
 * Where the PGlite thread spends its time, by statement: a diagnostic for benchmarks, off unless
 * `PGLITE_TIMINGS_FILE` names a file. Each statement's wall time inside PGlite (parse, plan, execute,
 * encode) is summed under its first 110 characters, `BEGIN`/`COMMIT` under their own names, and the
 * time the connection sat inside an open transaction waiting for the next statement under
 * `(idle in transaction) before <the statement or COMMIT that ended the wait>` (the main thread busy
 * elsewhere, or the handler computing). The totals are rewritten to the file as JSON every 5 s, so a
 * process killed at the end of a run leaves its figures behind, and when the database closes. Sorted by total ms: `[{ sql, ms, calls }]`.
 */
export function statementTimings(file = process.env.PGLITE_TIMINGS_FILE): { add(key: string, ms: number): void; flush(): void } | undefined {
  if (!file) return undefined;
  const totals = new Map<string, { ms: number; calls: number }>();
  const write = (): void => {
    const rows = [...totals].map(([sql, t]) => ({ sql, ms: Math.round(t.ms), calls: t.calls })).sort((a, b) => b.ms - a.ms);
    writeFileSync(file, JSON.stringify(rows, null, 1));
  };
  setInterval(write, 5000).unref();
  return {
    add(key, ms) {
      const k = key.replace(/\s+/g, " ").trim().slice(0, 110);
      const t = totals.get(k);
      if (t) {
        t.ms += ms;
        t.calls++;
      } else totals.set(k, { ms, calls: 1 });
    },
    flush: write,
  };
}
