import type { ChildProcess } from "node:child_process";
import type { Logger } from "./logger.ts";

/** One supervised function: how to start its process and where it answers /readyz. */
export type ChildSpec = { name: string; url: string; spawn(): ChildProcess };

export type SupervisorOptions = {
  children: readonly ChildSpec[];
  /** How long every function has to answer /readyz at start (`casemix mesh --ready-timeout-s`). */
  readyTimeoutMs: number;
  log: Logger;
  /** First wait before a restart; doubled for each restart in a row, up to `maxBackoffMs`. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** A process that stayed up this long before dying starts again at `initialBackoffMs`. */
  stableMs?: number;
};

export type StartFailure = { code: "E_NOT_READY" | "E_EXITED_AT_START"; message: string };

export type Supervisor = {
  /** Spawns every child and waits for each to be ready; on a failure every child is stopped first. */
  start(): Promise<{ ok: true } | { ok: false; error: StartFailure }>;
  /** SIGTERM to every child, SIGKILL to those still running after `graceMs`; no restart after it. */
  stop(graceMs: number): Promise<void>;
  /** The pid of each function's current process. */
  pids(): Map<string, number>;
  /** How many times each function was restarted. */
  restarts(): Map<string, number>;
};

type Slot = { spec: ChildSpec; child: ChildProcess; startedAt: number; inARow: number; restarts: number; timer?: NodeJS.Timeout };

const running = (c: ChildProcess) => c.exitCode === null && c.signalCode === null;
const exited = (c: ChildProcess) => (running(c) ? new Promise<void>((r) => c.once("exit", () => r())) : Promise.resolve());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Ready counts only when the answer names this function: another server on the port must not answer for it. */
async function answersReady(url: string, name: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) });
    if (!res.ok) return false;
    const body = (await res.json()) as { function?: string };
    return body.function === name;
  } catch {
    return false;
  }
}

/**
 * Supervises the function processes of `casemix mesh` as Kubernetes does a Knative Service's pods: a
 * start with a readiness deadline (a function late or dead at start fails the whole start, stopping
 * the others: an ingress must not accept events no function will take), then a restart of any process
 * that dies, after an exponential backoff, each restart logged (issue 16.7).
 */
export function createSupervisor(options: SupervisorOptions): Supervisor {
  const { children, readyTimeoutMs, log, initialBackoffMs = 1000, maxBackoffMs = 30_000, stableMs = 60_000 } = options;
  const slots = new Map<string, Slot>();
  let stopping = false;
  let started = false;

  const launch = (spec: ChildSpec, previous?: Slot): Slot => {
    const child = spec.spawn();
    const slot: Slot = { spec, child, startedAt: Date.now(), inARow: previous?.inARow ?? 0, restarts: previous?.restarts ?? 0 };
    slots.set(spec.name, slot);
    child.once("exit", (code, signal) => onExit(slot, code, signal));
    return slot;
  };

  const onExit = (slot: Slot, code: number | null, signal: NodeJS.Signals | null) => {
    if (stopping || slots.get(slot.spec.name) !== slot) return;
    if (!started) return; // a death during start fails the start (waitReady sees it)
    const upMs = Date.now() - slot.startedAt;
    const inARow = upMs >= stableMs ? 0 : slot.inARow;
    const delay = Math.min(initialBackoffMs * 2 ** inARow, maxBackoffMs);
    log.warn("function exited; restarting", { fn: slot.spec.name, pid: slot.child.pid, code, signal, upMs, restartInMs: delay });
    slot.timer = setTimeout(() => {
      if (stopping) return;
      const next = launch(slot.spec, { ...slot, inARow: inARow + 1, restarts: slot.restarts + 1 });
      log.warn("function restarted", { fn: slot.spec.name, pid: next.child.pid, restart: next.restarts, afterMs: delay });
      const t0 = Date.now();
      void waitReady(next, Date.now() + readyTimeoutMs).then((failure) => {
        if (!failure) log.info("function ready", { fn: slot.spec.name, pid: next.child.pid, readyMs: Date.now() - t0 });
        else if (running(next.child)) log.error("function not ready after restart", { fn: slot.spec.name, pid: next.child.pid, error: failure.message });
      });
    }, delay);
  };

  const waitReady = async (slot: Slot, deadline: number): Promise<StartFailure | undefined> => {
    for (;;) {
      if (!running(slot.child)) {
        return { code: "E_EXITED_AT_START", message: `${slot.spec.name} exited (${slot.child.signalCode ?? `code ${slot.child.exitCode}`}) before it was ready` };
      }
      if (await answersReady(slot.spec.url, slot.spec.name)) return undefined;
      if (stopping) return { code: "E_NOT_READY", message: `${slot.spec.name}: stopped before it was ready` };
      if (Date.now() > deadline) return { code: "E_NOT_READY", message: `${slot.spec.name} at ${slot.spec.url} was not ready within ${readyTimeoutMs} ms` };
      await sleep(100);
    }
  };

  const stop = async (graceMs: number) => {
    stopping = true;
    const all = [...slots.values()];
    for (const s of all) clearTimeout(s.timer);
    for (const s of all) if (running(s.child)) s.child.kill("SIGTERM");
    const allExited = Promise.all(all.map((s) => exited(s.child)));
    await Promise.race([allExited, sleep(graceMs)]);
    const stuck = all.filter((s) => running(s.child));
    for (const s of stuck) {
      log.warn("function did not stop in time; killing it", { fn: s.spec.name, pid: s.child.pid, graceMs });
      s.child.kill("SIGKILL");
    }
    await Promise.race([allExited, sleep(2000)]);
  };

  return {
    start: async () => {
      const deadline = Date.now() + readyTimeoutMs;
      const launched = children.map((spec) => launch(spec));
      for (const s of launched) log.info("function started", { fn: s.spec.name, pid: s.child.pid });
      // The first failure ends the wait: no point waiting out the deadline for the others.
      let failure: StartFailure | undefined;
      await new Promise<void>((resolve) => {
        let pending = launched.length;
        for (const s of launched) {
          void waitReady(s, deadline).then((f) => {
            if (f && !failure) (failure = f), resolve();
            if (--pending === 0) resolve();
          });
        }
      });
      if (failure) {
        await stop(3000);
        return { ok: false, error: failure };
      }
      started = true;
      return { ok: true };
    },
    stop,
    pids: () => new Map([...slots].map(([n, s]) => [n, s.child.pid!])),
    restarts: () => new Map([...slots].map(([n, s]) => [n, s.restarts])),
  };
}
