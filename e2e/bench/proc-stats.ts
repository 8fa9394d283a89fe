import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ; 100 on Linux almost always). */
const ticksPerSecond = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU seconds a process has used since it started (all its threads), or NaN once it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return NaN;
  }
}

/**
 * PSS: the resident set with each shared page divided among the processes sharing it, MiB. Summed over
 * PostgreSQL's backends it counts shared_buffers once, where their RSS would count it per backend.
 */
export function pssMiB(pid: number): number {
  try {
    const m = /\nPss:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

function statusField(pid: number, field: "VmHWM" | "VmRSS"): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** VmHWM: the peak resident set of the process over its whole life, MiB. */
export const peakRssMiB = (pid: number): number => statusField(pid, "VmHWM");
/** VmRSS: its resident set now, MiB. */
export const rssMiB = (pid: number): number => statusField(pid, "VmRSS");

/** The pid in a services pid file (scripts/lib writes kafka.pid, s3proxy.pid), if that process runs. */
export function pidFromFile(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, "utf8").trim());
    return pid > 0 && !Number.isNaN(cpuSeconds(pid)) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The -Xmx of a java process's command line (Kafka's heap cap), or undefined. */
export function javaHeapCap(pid: number): string | undefined {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    return args.find((a) => a.startsWith("-Xmx"))?.slice(4);
  } catch {
    return undefined;
  }
}

/** Pids whose command line contains `text` (e.g. PostgreSQL backends, whose title names their database). */
export function pidsMatching(text: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(text)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}
