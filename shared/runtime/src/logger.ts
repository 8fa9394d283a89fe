import { activeSpanIds } from "@casemix/telemetry";

/**
 * JSON lines on stdout, one object per line, so log shippers need no parsing rules. A line written
 * inside a span carries its `trace_id` and `span_id` (OpenTelemetry's log field names), so a log
 * search and a trace view join on them.
 */
export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
export type Logger = {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
};

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export type LoggerOptions = {
  level?: LogLevel;
  fields?: Record<string, unknown>;
  write?: (line: string) => void;
};

/**
 * @example
 * const log = createLogger({ fields: { fn: "group" } });
 * log.info("chunk grouped", { chunk: "chk_1", claims: 10000 });
 */
export function createLogger({ level = "info", fields = {}, write }: LoggerOptions = {}): Logger {
  const out = write ?? ((line: string) => process.stdout.write(line + "\n"));
  const emit = (lvl: LogLevel, msg: string, extra?: Record<string, unknown>) => {
    if (rank[lvl] < rank[level]) return;
    out(JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...fields, ...activeSpanIds(), ...extra }));
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
    child: (more) => createLogger({ level, fields: { ...fields, ...more }, write: out }),
  };
}

/** W3C traceparent: version-traceid-parentid-flags. */
const traceparentPattern = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

/**
 * A logger whose lines name the event's trace (`trace_id`, and the sending span as `span_id`) when
 * tracing is off; with tracing on, the active span's ids are written instead (see {@link createLogger}).
 */
export function logWithTrace(log: Logger, traceparent: string | undefined): Logger {
  const m = traceparent ? traceparentPattern.exec(traceparent) : null;
  return m ? log.child({ trace_id: m[1], span_id: m[2] }) : log;
}
