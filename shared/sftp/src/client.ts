import { readFileSync } from "node:fs";
import type { Readable } from "node:stream";
import { hostKeysFor } from "./known-hosts.ts";

/** How to reach the SFTP server. The host key must be in `knownHostsPath`: no trust on first use. */
export type SftpOptions = {
  host: string;
  port: number;
  username: string;
  privateKeyPath: string;
  knownHostsPath: string;
  /** The port the known_hosts entry is written for, when we connect through a forwarder (tests, tunnels). */
  knownHostsPort?: number;
  /** Connection and read timeout (ms); a silent server is a dropped connection. */
  timeoutMs?: number;
};

export type RemoteFile = { name: string; path: string; size: number; modifiedAt: number };

/** The operations the pull connector needs, over one connection. */
export type SftpSession = {
  list(dir: string): Promise<RemoteFile[]>;
  /** A read stream of a remote file; errors if the connection drops mid-way. */
  read(path: string): Readable;
  /** Moves a file, creating the target folder when missing. */
  move(from: string, toDir: string, name: string): Promise<void>;
  close(): Promise<void>;
};

type Client = {
  connect(config: Record<string, unknown>): Promise<unknown>;
  list(path: string): Promise<{ type: string; name: string; size: number; modifyTime: number }[]>;
  createReadStream(path: string, options?: Record<string, unknown>): Readable;
  exists(path: string): Promise<false | string>;
  mkdir(path: string, recursive?: boolean): Promise<string>;
  rename(from: string, to: string): Promise<string>;
  end(): Promise<boolean>;
  on(event: string, listener: (...args: unknown[]) => void): void;
};

/**
 * Opens an SFTP session (ssh2-sftp-client over ssh2), verifying the server's host key against the
 * known_hosts file.
 *
 * @example
 * const s = await openSftp({ host: "127.0.0.1", port: 2222, username: "casemix-sftp", privateKeyPath, knownHostsPath });
 * for (const f of await s.list("/upload")) s.read(f.path).pipe(process.stdout);
 */
export async function openSftp(options: SftpOptions): Promise<SftpSession> {
  const { host, port, username, privateKeyPath, knownHostsPath, knownHostsPort = port, timeoutMs = 20_000 } = options;
  const trusted = hostKeysFor(readFileSync(knownHostsPath, "utf8"), host, knownHostsPort);
  if (trusted.length === 0) throw Object.assign(new Error(`no host key for ${host}:${knownHostsPort} in ${knownHostsPath}`), { code: "E_SFTP_HOST_KEY" });
  // Loaded here, not at import: intake imports this package but most of its cold starts never pull.
  const { default: SftpClient } = await import("ssh2-sftp-client");
  const client = new (SftpClient as unknown as new (name?: string) => Client)("casemix-intake");
  // ssh2 emits 'error' on the client after a drop; without a listener Node would crash the process.
  client.on("error", () => {});
  const open = new Set<Readable>();
  await client.connect({
    host, port, username, privateKey: readFileSync(privateKeyPath), readyTimeout: timeoutMs, keepaliveInterval: 10_000, keepaliveCountMax: 3,
    hostVerifier: (key: Buffer) => trusted.includes(key.toString("base64")),
  });
  return {
    list: async (dir) =>
      (await client.list(dir))
        .filter((e) => e.type === "-" && !e.name.startsWith("."))
        .map((e) => ({ name: e.name, path: `${dir.replace(/\/$/, "")}/${e.name}`, size: e.size, modifiedAt: e.modifyTime }))
        .sort((a, b) => a.modifiedAt - b.modifiedAt || a.name.localeCompare(b.name)),
    read: (path) => {
      const stream = client.createReadStream(path, { highWaterMark: 256 * 1024 });
      // The consumer sees errors while it reads; one emitted after it finished (the file handle's
      // close racing a drop) must not crash the process.
      stream.on("error", () => {});
      open.add(stream);
      stream.once("close", () => open.delete(stream));
      return stream;
    },
    move: async (from, toDir, name) => {
      if (!(await client.exists(toDir))) await client.mkdir(toDir, true);
      await client.rename(from, `${toDir}/${name}`);
    },
    close: async () => {
      // Let read streams close their remote handles first, or ending the session fails them.
      await Promise.race([
        Promise.all([...open].map((s) => new Promise((done) => (s.destroyed && s.closed ? done(null) : s.once("close", done))))),
        new Promise((done) => setTimeout(done, 2000).unref()),
      ]);
      await client.end().catch(() => false);
    },
  };
}
