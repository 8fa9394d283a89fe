/**
 * A small progress display for long runs (generating a month of claims, pushing a batch through the
 * mesh). It writes to stderr so stdout stays clean for data. On a terminal it redraws one line in
 * place; elsewhere (CI logs, files) it prints a plain line at most every `logEveryMs`, so a log of a
 * long run stays short.
 */

/** Where the display writes: `process.stderr` or anything with `write` (and `isTTY` for redraws). */
export type ProgressStream = { write(text: string): unknown; isTTY?: boolean };

export type ProgressOptions = {
  /** Units of work expected; 0 or undefined when unknown (then no bar and no ETA). */
  total?: number;
  /** Shown before the bar, e.g. "generate". */
  label?: string;
  /** Name of a unit, e.g. "claims". */
  unit?: string;
  stream?: ProgressStream;
  /** Redraw interval on a terminal. */
  intervalMs?: number;
  /** Interval between plain lines when the stream is not a terminal. */
  logEveryMs?: number;
  /** Bar width in characters. */
  width?: number;
  /** Clock in milliseconds (injected by tests). */
  now?: () => number;
};

export type Progress = {
  /** Adds `n` units done (default 1). Cheap: renders only when the interval has passed. */
  tick(n?: number): void;
  /** Sets the units done. */
  update(done: number): void;
  /** Renders the final state with the overall rate and ends the line. Returns the seconds elapsed. */
  finish(): number;
};

export type ProgressState = { done: number; total: number; elapsedMs: number; label: string; unit: string; width: number };

const group = (n: number) => Math.round(n).toLocaleString("en-US");

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

/**
 * One line describing the state, e.g. `generate [#########-----------]  45% 450,000/1,000,000 claims 123,456/s ETA 4s`.
 *
 * @example
 * formatProgress({ done: 5, total: 10, elapsedMs: 1000, label: "run", unit: "claims", width: 10 })
 * // "run [#####-----]  50% 5/10 claims 5/s ETA 1s"
 */
export function formatProgress(s: ProgressState): string {
  const rate = s.elapsedMs > 0 ? (s.done * 1000) / s.elapsedMs : 0;
  const parts: string[] = [];
  if (s.label) parts.push(s.label);
  if (s.total > 0) {
    const ratio = Math.min(1, s.done / s.total);
    const filled = Math.round(ratio * s.width);
    parts.push(`[${"#".repeat(filled)}${"-".repeat(s.width - filled)}]`, `${String(Math.floor(ratio * 100)).padStart(3)}%`, `${group(s.done)}/${group(s.total)} ${s.unit}`);
  } else parts.push(`${group(s.done)} ${s.unit}`);
  parts.push(`${group(rate)}/s`);
  if (s.total > 0 && rate > 0 && s.done < s.total) parts.push(`ETA ${duration(((s.total - s.done) / rate) * 1000)}`);
  else if (s.done >= s.total && s.total > 0) parts.push(`in ${(s.elapsedMs / 1000).toFixed(1)}s`);
  return parts.join(" ");
}

/**
 * Creates a progress display.
 *
 * @example
 * const progress = createProgress({ total: 1_000_000, label: "generate", unit: "claims" });
 * for (...) progress.tick();
 * progress.finish();
 */
export function createProgress(options: ProgressOptions = {}): Progress {
  const { total = 0, label = "", unit = "items", stream = process.stderr, intervalMs = 200, logEveryMs = 10_000, width = 30, now = () => performance.now() } = options;
  const tty = stream.isTTY === true;
  const started = now();
  let done = 0;
  let lastDraw = started;
  let finished = false;
  const line = () => formatProgress({ done, total, elapsedMs: now() - started, label, unit, width });
  const draw = (force: boolean) => {
    const t = now();
    if (!force && t - lastDraw < (tty ? intervalMs : logEveryMs)) return;
    lastDraw = t;
    stream.write(tty ? `\r${line()}\x1b[K` : `${line()}\n`);
  };
  return {
    tick(n = 1) {
      done += n;
      draw(false);
    },
    update(value) {
      done = value;
      draw(false);
    },
    finish() {
      if (!finished) {
        finished = true;
        stream.write(tty ? `\r${line()}\x1b[K\n` : `${line()}\n`);
      }
      return (now() - started) / 1000;
    },
  };
}
