import { cpuSeconds, pidsMatching, pssMiB, rssMiB } from "./proc-stats.ts";

/** What the bench reports of one process (or group of processes) over a run. */
export type ProcessUsage = {
  name: string;
  /** CPU seconds used during the run (from the first byte uploaded to the end of the run). */
  cpuSeconds: number;
  /** Highest resident set seen, MiB: VmHWM for processes of the run, sampled VmRSS for shared servers. */
  peakRssMiB: number;
  /** Spawn to /readyz answering 200, for processes the run starts. */
  readyMs?: number;
  /** CPU seconds the process had used when the run began: its start-up, for processes the run starts. */
  startCpuSeconds?: number;
  note?: string;
};

type Tracked = { name: string; pids: () => number[]; memory: (pid: number) => number; cpuAtStart: Map<number, number>; cpuLast: Map<number, number>; rssPeak: number };

/**
 * Samples the CPU and resident set of processes every `intervalMs` while a run goes on. Shared servers
 * (Kafka, S3Proxy) keep their lifetime VmHWM from before the run, so their peak is the highest VmRSS
 * sampled; a group (the PostgreSQL backends of the run's database) is summed over its members, each
 * member's CPU counted from the first time it was seen.
 */
export function createSampler(intervalMs = 500) {
  const tracked: Tracked[] = [];
  const sample = () => {
    for (const t of tracked) {
      let rss = 0;
      for (const pid of t.pids()) {
        const cpu = cpuSeconds(pid);
        if (Number.isNaN(cpu)) continue;
        // A member first seen now was born during the run: all its CPU counts.
        if (!t.cpuAtStart.has(pid)) t.cpuAtStart.set(pid, 0);
        t.cpuLast.set(pid, cpu);
        const r = t.memory(pid);
        if (!Number.isNaN(r)) rss += r;
      }
      t.rssPeak = Math.max(t.rssPeak, rss);
    }
  };
  let timer: NodeJS.Timeout | undefined;
  return {
    /** Follows one process by pid; its CPU is counted from now. */
    process(name: string, pid: number) {
      const t: Tracked = { name, pids: () => [pid], memory: rssMiB, cpuAtStart: new Map([[pid, cpuSeconds(pid)]]), cpuLast: new Map(), rssPeak: 0 };
      tracked.push(t);
    },
    /** Follows every process whose command line contains `text`, found anew at each sample; memory is summed PSS. */
    group(name: string, text: string) {
      const existing = new Map(pidsMatching(text).map((pid) => [pid, cpuSeconds(pid)]));
      tracked.push({ name, pids: () => pidsMatching(text), memory: pssMiB, cpuAtStart: existing, cpuLast: new Map(), rssPeak: 0 });
    },
    start() {
      sample();
      timer = setInterval(sample, intervalMs);
      timer.unref();
    },
    /** Takes a last sample and stops; returns the CPU seconds and peak RSS of each followed name. */
    stop(): Map<string, { cpuSeconds: number; peakRssMiB: number }> {
      sample();
      clearInterval(timer);
      const out = new Map<string, { cpuSeconds: number; peakRssMiB: number }>();
      for (const t of tracked) {
        let cpu = 0;
        for (const [pid, last] of t.cpuLast) cpu += last - (t.cpuAtStart.get(pid) ?? 0);
        out.set(t.name, { cpuSeconds: cpu, peakRssMiB: t.rssPeak });
      }
      return out;
    },
  };
}
