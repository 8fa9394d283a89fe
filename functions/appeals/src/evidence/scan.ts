import { spawn } from "node:child_process";
import { createConnection } from "node:net";

/** A scan's verdict: clean, or infected with the signature ClamAV named. `scanner` is the engine and database version line. */
export type ScanResult = { clean: true; scanner: string } | { clean: false; signature: string; scanner: string };

/** The virus scanner port: bytes in, a verdict out; a scanner that cannot scan throws {@link ScannerUnavailable}. */
export interface Scanner {
  scan(bytes: Uint8Array): Promise<ScanResult>;
}

/** The scanner could not give a verdict (no signatures, daemon down): the file is refused, never stored unscanned. */
export class ScannerUnavailable extends Error {
  readonly code = "E_SCANNER_UNAVAILABLE";
}

type Run = { code: number | null; stdout: string; stderr: string };

function run(command: string, args: string[], input?: Uint8Array): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", (e) => reject(new ScannerUnavailable(`${command} could not start: ${e.message}`)));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    // A scanner that exits early (no database) closes stdin: the write error is its exit's to report.
    child.stdin.on("error", () => {});
    child.stdin.end(input ? Buffer.from(input) : undefined);
  });
}

/**
 * ClamAV's `clamscan` from Debian's packages, one process per file, reading it from stdin (so it is
 * scanned before anything is written), against the signature database `database` (clamscan `-d`).
 * Exit 0 clean, 1 found (the line names the signature), 2 an error (no database, ...): unavailable.
 */
export function createClamscan(options: { database: string; command?: string }): Scanner {
  const command = options.command ?? "clamscan";
  let version: Promise<string> | undefined;
  const versionLine = () =>
    (version ??= run(command, ["--version", "-d", options.database]).then((r) => r.stdout.trim() || "ClamAV (version unknown)"));
  return {
    async scan(bytes) {
      const r = await run(command, ["--no-summary", "--stdout", "--infected", "-d", options.database, "-"], bytes);
      if (r.code === 0) return { clean: true, scanner: await versionLine() };
      const found = /^stdin: (.+) FOUND$/m.exec(r.stdout);
      if (r.code === 1 && found) return { clean: false, signature: found[1], scanner: await versionLine() };
      throw new ScannerUnavailable(`clamscan could not scan (exit ${r.code}): ${(r.stderr || r.stdout).trim().split("\n")[0]}`);
    },
  };
}

/**
 * The clamd daemon over its socket (`INSTREAM`: 4-byte big-endian lengths, then a zero length), which
 * keeps the signatures loaded: the production choice, where clamscan would load a full database per file.
 */
export function createClamd(options: { address: string; timeoutMs?: number }): Scanner {
  const connect = () => {
    const m = /^([^:/][^:]*):(\d+)$/.exec(options.address);
    return m ? createConnection({ host: m[1], port: Number(m[2]) }) : createConnection({ path: options.address });
  };
  const talk = (payload: Buffer[]): Promise<string> =>
    new Promise((resolve, reject) => {
      const socket = connect();
      let answer = "";
      socket.setTimeout(options.timeoutMs ?? 30_000, () => socket.destroy(new Error("clamd timed out")));
      socket.on("data", (d: Buffer) => (answer += d.toString()));
      socket.on("error", (e) => reject(new ScannerUnavailable(`clamd at ${options.address}: ${e.message}`)));
      socket.on("end", () => resolve(answer.replace(/\0/g, "").trim()));
      socket.on("connect", () => {
        for (const p of payload) socket.write(p);
      });
    });
  return {
    async scan(bytes) {
      const parts: Buffer[] = [Buffer.from("zINSTREAM\0")];
      for (let at = 0; at < bytes.length; at += 64 * 1024) {
        const piece = Buffer.from(bytes.subarray(at, at + 64 * 1024));
        const size = Buffer.alloc(4);
        size.writeUInt32BE(piece.length);
        parts.push(size, piece);
      }
      parts.push(Buffer.alloc(4));
      const [answer, scanner] = await Promise.all([talk(parts), talk([Buffer.from("zVERSION\0")])]);
      if (/: OK$/.test(answer)) return { clean: true, scanner };
      const found = /: (.+) FOUND$/.exec(answer);
      if (found) return { clean: false, signature: found[1], scanner };
      throw new ScannerUnavailable(`clamd could not scan: ${answer}`);
    },
  };
}
