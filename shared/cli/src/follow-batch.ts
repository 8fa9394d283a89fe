import { createProgress, type ProgressStream } from "@casemix/progress";

/** The parts of intake's `GET /v1/batches/{id}` that following a batch needs. */
export type FollowedStatus = {
  status: string;
  counts: Record<string, number>;
  progress?: { settled: number; total: number };
};

export type FollowOptions = {
  batchId: string;
  fetchStatus: () => Promise<FollowedStatus>;
  stream?: ProgressStream;
  pollMs?: number;
  /** Interval between plain lines when the stream is not a terminal. */
  logEveryMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
};

/**
 * Polls a batch's status until it is completed (or failed), drawing its progress (claims settled of
 * those received, rate, time left) as a bar redrawn in place on a terminal, or as a plain line every
 * `logEveryMs` elsewhere, and a last line when it ends. Returns the last status.
 */
export async function followBatch(o: FollowOptions): Promise<FollowedStatus> {
  const { pollMs = 1000, sleep = (ms) => new Promise((r) => setTimeout(r, ms)) } = o;
  let bar: ReturnType<typeof createProgress> | undefined;
  for (;;) {
    const s = await o.fetchStatus();
    const total = s.progress?.total ?? Object.values(s.counts).reduce((a, b) => a + b, 0);
    bar ??= createProgress({ total, label: `batch ${o.batchId}`, unit: "claims", stream: o.stream, logEveryMs: o.logEveryMs, now: o.now });
    bar.update(s.progress?.settled ?? 0);
    if (s.status === "completed" || s.status === "failed") {
      bar.finish();
      return s;
    }
    await sleep(pollMs);
  }
}
