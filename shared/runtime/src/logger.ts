/** JSON lines on stdout, one object per line, so log shippers need no parsing rules. */
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
    out(JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...fields, ...extra }));
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
    child: (more) => createLogger({ level, fields: { ...fields, ...more }, write: out }),
  };
}
